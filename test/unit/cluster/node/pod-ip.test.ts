import { isPodLoopback, PodIpAllocator } from '../../../../src/lib/cluster/node/pod-ip.js';

describe('PodIpAllocator', () => {
  it('gives each uid a stable, distinct loopback address and reuses released ones last', () => {
    const a = new PodIpAllocator();
    const ip1 = a.allocate('u1');
    const ip2 = a.allocate('u2');
    expect(ip1).toBe('127.0.1.1');
    expect(ip2).toBe('127.0.1.2');
    expect(a.allocate('u1')).toBe(ip1);
    a.release('u1');
    expect(a.allocate('u3')).toBe('127.0.1.3');
    expect(a.get('u1')).toBeUndefined();
  });

  it('keeps a preferred address from pod status when free', () => {
    const a = new PodIpAllocator();
    expect(a.allocate('u1', '127.0.9.9')).toBe('127.0.9.9');
    expect(a.allocate('u2', '127.0.9.9')).not.toBe('127.0.9.9');
    expect(a.allocate('u3', '10.0.0.1')).toMatch(/^127\.0\./);
  });

  it.each([
    ['127.0.1.1', true],
    ['127.0.255.254', true],
    ['127.0.0.1', false],
    ['127.0.1.255', false],
    ['10.0.1.1', false],
  ])('isPodLoopback(%s) = %s', (ip, ok) => expect(isPodLoopback(ip)).toBe(ok));
});
