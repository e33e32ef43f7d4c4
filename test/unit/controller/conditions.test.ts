import { FakeClock } from '../../../src/lib/controller/clock.js';
import { newBatchConditionSet, newLivingConditionSet, type ConditionsHolder } from '../../../src/lib/controller/conditions.js';

const set = newLivingConditionSet('ConfigurationsReady', 'RoutesReady');

function setup() {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const status: ConditionsHolder = {};
  return { clock, status, m: set.manage(status, clock) };
}

describe('ConditionSet', () => {
  it('initializes the happy condition and dependents to Unknown, sorted by type', () => {
    const { status, m } = setup();
    m.initializeConditions();
    expect(status.conditions!.map((c) => [c.type, c.status])).toEqual([
      ['ConfigurationsReady', 'Unknown'],
      ['Ready', 'Unknown'],
      ['RoutesReady', 'Unknown'],
    ]);
  });

  it('becomes Ready only when every dependent is True', () => {
    const { m } = setup();
    m.initializeConditions();
    m.markTrue('ConfigurationsReady');
    expect(m.getTopLevelCondition()!.status).toBe('Unknown');
    m.markTrue('RoutesReady');
    expect(m.isHappy()).toBe(true);
  });

  it('lets False beat Unknown', () => {
    const { m } = setup();
    m.initializeConditions();
    m.markFalse('ConfigurationsReady', 'RevisionFailed', 'boom');
    m.markUnknown('RoutesReady', 'Pending', 'waiting');
    const ready = m.getTopLevelCondition()!;
    expect([ready.status, ready.reason, ready.message]).toEqual(['False', 'RevisionFailed', 'boom']);
  });

  it('propagates an Unknown dependent to Ready', () => {
    const { m } = setup();
    m.initializeConditions();
    m.markTrue('ConfigurationsReady');
    m.markTrue('RoutesReady');
    m.markUnknown('RoutesReady', 'IngressNotConfigured', 'Ingress has not yet been reconciled.');
    expect(m.getTopLevelCondition()).toMatchObject({ status: 'Unknown', reason: 'IngressNotConfigured' });
  });

  it('changes lastTransitionTime only on a real change', () => {
    const { clock, m } = setup();
    m.markFalse('RoutesReady', 'R', 'm');
    const t0 = m.getCondition('RoutesReady')!.lastTransitionTime;
    clock.advance(5000);
    m.markFalse('RoutesReady', 'R', 'm');
    expect(m.getCondition('RoutesReady')!.lastTransitionTime).toBe(t0);
    m.markFalse('RoutesReady', 'R', 'other message');
    expect(m.getCondition('RoutesReady')!.lastTransitionTime).not.toBe(t0);
  });

  it('gives non-dependent conditions Info severity and ignores them for readiness', () => {
    const { m } = setup();
    m.markTrue('ConfigurationsReady');
    m.markTrue('RoutesReady');
    m.markFalse('Extra', 'Meh', 'informational');
    expect(m.getCondition('Extra')!.severity).toBe('Info');
    expect(m.isHappy()).toBe(true);
    m.clearCondition('Extra');
    expect(m.getCondition('Extra')).toBeUndefined();
    m.clearCondition('Ready');
    expect(m.getCondition('Ready')).toBeDefined();
  });

  it('supports Succeeded as the happy condition', () => {
    const status: ConditionsHolder = {};
    const m = newBatchConditionSet('Built').manage(status, new FakeClock());
    m.markTrue('Built');
    expect(m.getCondition('Succeeded')!.status).toBe('True');
  });
});
