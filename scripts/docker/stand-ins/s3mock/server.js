#!/usr/bin/env node
// LOCAL STAND-IN for docker.io/adobe/s3mock:4.4.0 (image localhost/mealplanner/adobe/s3mock:4.4.0), built from
// Debian's nodejs and the npm package s3rver 3.7.1 because public image registries are unreachable here.
// Honours the parts of S3Mock's contract the project relies on:
//   - S3 API over HTTP on port 9090, all addresses, path-style addressing only (http://host:9090/bucket/key);
//   - requests signed with ANY access key and secret are accepted (s3rver alone knows only the key S3RVER);
//   - COM_ADOBE_TESTING_S3MOCK_STORE_INITIAL_BUCKETS / initialBuckets: comma-separated buckets created at start
//     (kept when they already exist), each with a CORS rule allowing GET/HEAD/PUT from any origin;
//   - COM_ADOBE_TESTING_S3MOCK_STORE_ROOT / root: the data folder (default: a new temporary folder);
//   - COM_ADOBE_TESTING_S3MOCK_STORE_RETAIN_FILES_ON_EXIT / retainFilesOnExit: false (default) empties the store on
//     exit; true keeps the data for the next start;
//   - presigned URLs (query-string signatures) work.
// Not honoured: HTTPS on 9191, KMS key validation, S3Mock's other settings; buckets created later through the API
// get no CORS rule (s3rver keeps CORS per bucket). s3rver stores aws-chunked bodies as sent: SDK clients must
// disable chunked encoding (AWSSDK.S3: UseChunkEncoding = false).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');

function setting(...names) {
  for (const name of names) {
    if (process.env[name] !== undefined && process.env[name] !== '') return process.env[name];
  }
  return undefined;
}

const initialBuckets = (setting('COM_ADOBE_TESTING_S3MOCK_STORE_INITIAL_BUCKETS', 'initialBuckets') || '')
  .split(',')
  .map(name => name.trim())
  .filter(Boolean);
const configuredRoot = setting('COM_ADOBE_TESTING_S3MOCK_STORE_ROOT', 'root');
const retainFilesOnExit =
  (setting('COM_ADOBE_TESTING_S3MOCK_STORE_RETAIN_FILES_ON_EXIT', 'retainFilesOnExit') || 'false').toLowerCase() === 'true';
const root = configuredRoot || fs.mkdtempSync(path.join(os.tmpdir(), 's3mockFileStore'));
fs.mkdirSync(root, { recursive: true });

// Any access key id maps to s3rver's built-in account; with allowMismatchedSignatures no signature is rejected.
const registry = AWSAccount.registry;
const knownKey = registry.get.bind(registry);
registry.get = accessKeyId => knownKey(accessKeyId) || AWSAccount.DUMMY_ACCOUNT;

const cors = fs.readFileSync(path.join(__dirname, 'cors.xml'));
const s3 = new S3rver({
  address: '0.0.0.0',
  port: 9090,
  directory: root,
  silent: false,
  allowMismatchedSignatures: true,
  vhostBuckets: false,
  configureBuckets: initialBuckets.map(name => ({ name, configs: [cors] })),
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`Received ${signal}, stopping (retainFilesOnExit=${retainFilesOnExit})`);
  const server = s3.httpServer;
  if (server && typeof server.closeAllConnections === 'function') server.closeAllConnections();
  const finish = () => {
    if (!retainFilesOnExit) {
      for (const entry of fs.readdirSync(root)) fs.rmSync(path.join(root, entry), { recursive: true, force: true });
      if (!configuredRoot) fs.rmSync(root, { recursive: true, force: true });
    }
    process.exit(0);
  };
  if (server) server.close(finish); else finish();
  setTimeout(finish, 5000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

s3.run()
  .then(({ address, port }) => {
    console.log(`S3Mock stand-in (s3rver) listening on ${address}:${port}, root ${root}, buckets: ${initialBuckets.join(',') || '(none)'}`);
  })
  .catch(err => {
    console.error(`error: ${err.message}`);
    process.exit(1);
  });
