import { BrokerTable, type TriggerConfig } from '../../../../src/lib/eventing/broker/config.js';
import { toDeliveryPolicy } from '../../../../src/lib/eventing/delivery/spec.js';

const trigger = (name: string, broker: string, extra: Partial<TriggerConfig> = {}): TriggerConfig => ({
  namespace: 'ns',
  name,
  uid: name,
  broker,
  subscriberUri: 'http://127.0.0.1:1/',
  delivery: toDeliveryPolicy(undefined),
  ...extra,
});

describe('BrokerTable', () => {
  it('moves a trigger when its broker changes', () => {
    const t = new BrokerTable();
    t.setTrigger(trigger('a', 'b1'));
    t.setTrigger(trigger('a', 'b2'));
    expect(t.triggersOf('ns', 'b1')).toEqual([]);
    expect(t.triggersOf('ns', 'b2').map((x) => x.name)).toEqual(['a']);
  });

  it('keeps snapshots stable while the table changes', () => {
    const t = new BrokerTable();
    t.setTrigger(trigger('a', 'b'));
    const snapshot = t.triggersOf('ns', 'b');
    t.deleteTrigger('ns', 'a');
    t.setTrigger(trigger('c', 'b'));
    expect(snapshot.map((x) => x.name)).toEqual(['a']);
    expect(t.triggersOf('ns', 'b').map((x) => x.name)).toEqual(['c']);
  });

  it('rejects a malformed CESQL filter and leaves the table unchanged', () => {
    const t = new BrokerTable();
    t.setTrigger(trigger('a', 'b', { filters: [{ cesql: "type = 'x'" }] }));
    expect(() => t.setTrigger(trigger('a', 'b', { filters: [{ cesql: 'type =' }] }))).toThrow();
    expect(t.triggersOf('ns', 'b')[0].filters).toEqual([{ cesql: "type = 'x'" }]);
    expect(() => t.setConfig({ brokers: [], triggers: [trigger('z', 'b', { filters: [{ cesql: '(' }] })] })).toThrow();
    expect(t.triggersOf('ns', 'b')).toHaveLength(1);
  });

  it('keeps triggers of a deleted broker for when it comes back', () => {
    const t = new BrokerTable();
    t.setBroker({ namespace: 'ns', name: 'b' });
    t.setTrigger(trigger('a', 'b'));
    t.deleteBroker('ns', 'b');
    expect(t.getBroker('ns', 'b')).toBeUndefined();
    t.setBroker({ namespace: 'ns', name: 'b' });
    expect(t.triggersOf('ns', 'b')).toHaveLength(1);
  });
});
