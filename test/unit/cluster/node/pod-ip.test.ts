import net from 'node:net';
import { isPodLoopback, PodIpAllocator, portsFree } from '../../../../src/lib/cluster/node/pod-ip.js';

describe('PodIpAllocator', () => {
  it('gives each uid a stable, distinct loopback address and reuses released ones last', () => {
    const a = new PodIpAllocator(0);
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
    const a = new PodIpAllocator(0);
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

describe('address checks', () => {
  it('starts agents at different places and skips blocked addresses', () => {
    const a = new PodIpAllocator(254);
    expect(a.allocate('u1')).toBe('127.0.2.1');
    a.block('127.0.2.2');
    expect(a.allocate('u2')).toBe('127.0.2.3');
  });

  it('sees a port already served on an address', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.3.3', r));
    const port = (srv.address() as net.AddressInfo).port;
    try {
      expect(await portsFree('127.0.3.3', [port])).toBe(false);
      expect(await portsFree('127.0.3.4', [port])).toBe(true);
    } finally {
      srv.close();
    }
  });
});
