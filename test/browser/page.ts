/**
 * The page of the browser test: the simulator as MSW handlers in a service worker (setupWorker), called by
 * the reference client with WebCrypto signatures, V3 and V1, JSON and XML, and the in-process controls.
 */
import { setupWorker } from 'msw/browser';
import { createClient } from '../../src/client/index.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { createSimulatorHandlers } from '../../src/msw/index.js';

const { handlers, controls } = createSimulatorHandlers();
const worker = setupWorker(...handlers);
const credentials = { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET };

async function run() {
  await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  const v3 = createClient({ endpoint: 'https://ecs.aliyuncs.com', credentials, signatureVersion: 'V3' });
  const v1xml = createClient({
    endpoint: 'https://ecs.cn-hangzhou.aliyuncs.com',
    credentials,
    signatureVersion: 'V1',
    format: 'XML',
  });
  const created = await v3.createSnapshot({
    diskId: 'd-healthy',
    snapshotName: 'fromBrowser',
    tags: [{ key: 'k', value: 'v' }],
  });
  const refused = await v1xml.createSnapshot({ diskId: 'd-quota-full' });
  const busy = await v3.createSnapshot({ diskId: 'd-healthy' });
  controls.advanceClock(3600);
  const later = await v3.createSnapshot({ diskId: 'd-healthy' });
  const journal = controls.requests().map((r) => ({ signature: r.signature, status: r.answer.status }));
  const snapshot = controls.world().snapshots?.find((s) => created.ok && s.snapshotId === created.snapshotId);
  return { created, refused, busy, later, journal, snapshot };
}

run().then(
  (result) => Object.assign(window, { __result: result }),
  (error: unknown) => Object.assign(window, { __result: { error: String(error) } }),
);
