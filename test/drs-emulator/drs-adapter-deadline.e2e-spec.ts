import { DrsClient } from '@aws-sdk/client-drs';

import { loadConfig } from '@drs/config';
import { DrsAdapter, DrsCallError, DrsFailureKind } from '@drs/drs-adapter';

import { createDrsEmulator, DrsEmulator } from '../../apps/drs-emulator/src';

const ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';
const CALL_TIMEOUT_MS = 300;

/** Active timers of this process, as Node lists them. */
function timerCount(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

describe('DrsAdapter call deadline', () => {
  let emulator: DrsEmulator;
  let adapter: DrsAdapter;

  beforeEach(async () => {
    emulator = await createDrsEmulator({ scenarios: ['three-tier-100'], port: 0 });
    adapter = new DrsAdapter(
      loadConfig({
        DRS_ENDPOINT: emulator.url,
        DRS_TARGETS: `${ACCOUNT_ID}/${REGION}`,
        DRS_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS),
      }),
    );
  });

  afterEach(async () => {
    adapter?.onModuleDestroy();
    await emulator?.close();
  });

  it('clears its timer when the call ends', async () => {
    await adapter.ping(ACCOUNT_ID, REGION);
    const before = timerCount();

    // Other timers of the process (sockets, the SDK) come and go, so compare many calls with a
    // small slack: a deadline timer left armed per call would add one timer per call.
    const calls = 20;
    for (let call = 0; call < calls; call++) {
      const servers = await adapter.listSourceServers(ACCOUNT_ID, REGION);
      expect(servers.length).toBeGreaterThan(0);
    }

    expect(timerCount() - before).toBeLessThan(calls / 4);
  });

  it('ends its deadline signal with the call', async () => {
    // The signal's abort listener reaches the request and its response body, so a signal that
    // stays armed after the call keeps them in memory until it fires.
    const send = jest.spyOn(DrsClient.prototype, 'send');

    try {
      await adapter.listSourceServers(ACCOUNT_ID, REGION);
      const signal = (send.mock.calls[0][1] as { abortSignal: AbortSignal }).abortSignal;
      await new Promise((resolve) => setTimeout(resolve, CALL_TIMEOUT_MS + 100));

      expect(signal.aborted).toBe(false);
    } finally {
      send.mockRestore();
    }
  });

  it('aborts a call that outlasts the deadline', async () => {
    emulator.setFaults({ operations: { DescribeSourceServers: { latencyMs: 3 * CALL_TIMEOUT_MS } } });
    const startedAt = Date.now();

    const error = await adapter.listSourceServers(ACCOUNT_ID, REGION).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DrsCallError);
    expect((error as DrsCallError).kind).toBe(DrsFailureKind.Unknown);
    expect(Date.now() - startedAt).toBeLessThan(3 * CALL_TIMEOUT_MS);
  });
});
