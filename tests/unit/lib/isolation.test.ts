import { describe, expect, it } from 'vitest';
import { type IsolationFacts, isolationStatus } from '../../../src/lib/isolation.ts';

const isolated: IsolationFacts = {
  crossOriginIsolated: true,
  sharedArrayBuffer: true,
  secureContext: true,
  serviceWorkerSupported: true,
  controlled: true,
  registered: true,
};
const plain: IsolationFacts = { ...isolated, crossOriginIsolated: false, sharedArrayBuffer: false };

describe('isolationStatus', () => {
  it('interrupts in place only with isolation and SharedArrayBuffer', () => {
    expect(isolationStatus(isolated)).toMatchObject({ interrupts: true, mode: 'Timeouts interrupt in place', reloadHelps: false });
    expect(isolationStatus({ ...isolated, sharedArrayBuffer: false }).interrupts).toBe(false);
  });

  it('explains each reason isolation is missing, and offers a reload only when it would help', () => {
    const cases: [Partial<IsolationFacts>, RegExp, boolean][] = [
      [{ secureContext: false }, /not a secure context/, false],
      [{ serviceWorkerSupported: false }, /no service worker/, false],
      [{ controlled: false, registered: false }, /not installed yet/, false],
      [{ controlled: false }, /first visit, or a hard reload/, true],
      [{}, /did not isolate it/, false],
    ];
    for (const [facts, why, reloadHelps] of cases) {
      const status = isolationStatus({ ...plain, ...facts });
      expect(status.mode).toBe('Timeouts terminate and respawn');
      expect(status.why).toMatch(why);
      expect(status.why).toMatch(/identical verdicts/);
      expect(status.reloadHelps).toBe(reloadHelps);
    }
  });
});
