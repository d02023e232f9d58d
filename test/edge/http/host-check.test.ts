import { describe, expect, it } from 'vitest';
import { LOOPBACK_NAMES, checkHost, hostPolicyOf } from '../../../lib/edge/http/host-check.js';

const local = { names: new Set(LOOPBACK_NAMES), port: 3000, defaultPort: 80 };

describe('the Host a server answers to', () => {
  it('a local server answers localhost, 127.0.0.1 and [::1] on its own port', () => {
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST:3000', 'localhost.:3000']) {
      expect(checkHost([host], local), host).toEqual({ ok: true });
    }
  });

  it('a rebinding domain that resolves to loopback is refused with 421 (the page cannot forge Host)', () => {
    for (const host of ['evil.example:3000', 'evil.example', '127.0.0.1.nip.io:3000', '0.0.0.0:3000', '127.0.0.2:3000', '[::ffff:127.0.0.1]:3000']) {
      expect(checkHost([host], local), host).toMatchObject({ ok: false, status: 421 });
    }
  });

  it('the right name on another port is refused: the Host names another origin', () => {
    expect(checkHost(['localhost:3001'], local)).toMatchObject({ ok: false, status: 421 });
    expect(checkHost(['localhost'], local)).toMatchObject({ ok: false, status: 421 });
  });

  it('no Host, two Hosts, or a malformed one is a 400', () => {
    expect(checkHost([], local)).toMatchObject({ ok: false, status: 400 });
    expect(checkHost(['localhost:3000', 'localhost:3000'], local)).toMatchObject({ ok: false, status: 400 });
    for (const host of ['user@localhost:3000', 'localhost:3000/x', 'localhost:99999', 'local host:3000', '']) {
      expect(checkHost([host], local), host).toMatchObject({ ok: false, status: 400 });
    }
  });

  it('in the cloud only the base URL host is answered, with or without its default port', () => {
    const cloud = hostPolicyOf(new URL('https://rapport.example.com'));
    expect(checkHost(['rapport.example.com'], cloud)).toEqual({ ok: true });
    expect(checkHost(['rapport.example.com:443'], cloud)).toEqual({ ok: true });
    expect(checkHost(['abc123.execute-api.eu-west-1.amazonaws.com'], cloud)).toMatchObject({ ok: false, status: 421 });
    expect(checkHost(['rapport.example.com:8443'], cloud)).toMatchObject({ ok: false, status: 421 });
  });
});
