import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { createS3Client, pingBucket, type S3Config } from '@party/storage';

/**
 * A throw-away, single-node Ceph RADOS Gateway (Debian's `radosgw`, Ceph 16) on loopback: a real S3
 * implementation, the one behind many hosted object stores, next to the emulator that only agrees
 * with our own assumptions. One monitor, one OSD keeping everything in memory (`memstore`) and the
 * gateway (beast frontend); no manager, no systemd, no authentication between the daemons. All
 * state lives in a temporary directory and in the daemons' memory: `stop()` removes both.
 */
export interface RadosGatewayOptions {
  /** The one bucket, created on start. */
  bucket: string;
  /** Browser origins allowed by the bucket's CORS rule. None: no CORS rule. */
  corsOrigins?: string[];
  /** Gives up when the gateway does not answer within this time. Defaults to 60 s. */
  timeoutMs?: number;
}

export interface RunningRadosGateway {
  /** Ready for `createS3Client`; the same shape as the emulator's and the production config. */
  config: S3Config;
  /** How long the start took, for reports (never asserted on). */
  startedInMs: number;
  /** Kills every daemon and removes the directory. Idempotent. */
  stop(): Promise<void>;
}

/** The programs the gateway needs, with the Debian package each comes from. */
export const RADOSGW_PROGRAMS = [
  { binary: '/usr/bin/radosgw', pkg: 'radosgw' },
  { binary: '/usr/bin/radosgw-admin', pkg: 'radosgw' },
  { binary: '/usr/bin/ceph-mon', pkg: 'ceph-mon' },
  { binary: '/usr/bin/monmaptool', pkg: 'ceph-mon' },
  { binary: '/usr/bin/ceph-osd', pkg: 'ceph-osd' },
  { binary: '/usr/bin/ceph', pkg: 'ceph-common' },
] as const;

/** True when every program the gateway needs is installed (`npm test` installs them as root). */
export function radosGatewayInstalled(): boolean {
  return RADOSGW_PROGRAMS.every(({ binary }) => existsSync(binary));
}

// Fixed, public keys: the gateway listens on 127.0.0.1 only and lives as long as a test file.
const ACCESS_KEY_ID = 'PARTYRGWLOCALKEY0000';
const SECRET_ACCESS_KEY = 'party-rgw-local-secret-not-for-production';
const USER = 'party';
// The default zonegroup accepts SigV4 for any region name; the SDK needs one.
const REGION = 'us-east-1';

// What radosgw creates lazily on first use. Created up front (with few placement groups) the
// gateway's start does not wait for seven pool creations, one monitor round trip each.
const RGW_POOLS = [
  '.rgw.root',
  'default.rgw.control',
  'default.rgw.meta',
  'default.rgw.log',
  'default.rgw.buckets.index',
  'default.rgw.buckets.data',
  'default.rgw.buckets.non-ec',
];

const CORS_METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];
const CORS_EXPOSE_HEADERS = ['ETag', 'Content-Range', 'Accept-Ranges', 'Content-Length'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function cephConf(dir: string, fsid: string, monPort: number, rgwPort: number): string {
  return `[global]
fsid = ${fsid}
mon initial members = a
mon host = v2:127.0.0.1:${monPort}
# No cephx between the daemons of a throw-away loopback cluster. The client side must then also
# ask for plain crc framing, or radosgw loops on "get_initial_auth_request returned -13".
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
ms client mode = crc
ms cluster mode = crc
ms service mode = crc
ms mon service mode = crc
ms mon cluster mode = crc
ms bind msgr1 = false
keyring = /dev/null
# One OSD holding one copy of everything.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = ${4 * 1024 ** 3}
# A nearly full disk must not stop a test monitor.
mon data avail crit = 0
mon data avail warn = 0
# Short paxos rounds: pool and user creation take milliseconds instead of seconds.
paxos propose interval = 0.01
paxos min wait = 0.001
# A client that asked before the OSD was up retries on this tick (5 s by default).
objecter tick interval = 0.1
run dir = ${dir}/run
log file = ${dir}/log/$name.log
admin socket = ${dir}/run/$name.asok
mon data = ${dir}/mon/$name
osd data = ${dir}/osd/$name
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw data = ${dir}/rgw
rgw thread pool size = 32
`;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${stderr || error.message}`));
      } else {
        resolve(stdout);
      }
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

async function logTail(dir: string, name: string): Promise<string> {
  const text = await readFile(path.join(dir, 'log', `${name}.log`), 'utf8').catch(() => '');
  return text.split('\n').slice(-15).join('\n');
}

function corsRules(origins: string[]) {
  return [
    {
      AllowedOrigins: origins,
      AllowedMethods: CORS_METHODS,
      AllowedHeaders: ['*'],
      ExposeHeaders: CORS_EXPOSE_HEADERS,
      MaxAgeSeconds: 3600,
    },
  ];
}

async function waitForHttp(url: string, deadline: number, exited: () => string | undefined): Promise<void> {
  for (;;) {
    const gone = exited();
    if (gone) throw new Error(gone);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`radosgw did not answer at ${url}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Starts a single-node Ceph cluster and its S3 gateway on random loopback ports, creates a user
 * with fixed keys and the bucket (with CORS for `corsOrigins`), and resolves once the bucket answers
 * a signed HeadBucket. Needs the Debian packages `radosgw ceph-mon ceph-osd ceph-common`.
 */
export async function startRadosGateway(opts: RadosGatewayOptions): Promise<RunningRadosGateway> {
  if (!radosGatewayInstalled()) {
    const missing = [...new Set(RADOSGW_PROGRAMS.filter((p) => !existsSync(p.binary)).map((p) => p.pkg))];
    throw new Error(`The RADOS Gateway needs the Debian packages ${missing.join(', ')} (apt-get install).`);
  }
  const started = Date.now();
  const deadline = started + (opts.timeoutMs ?? 60_000);
  const dir = await mkdtemp(path.join(tmpdir(), 'party-rgw-'));
  const children: ChildProcess[] = [];
  const exits = new Map<string, string>();
  // A test runner that dies without calling stop() must not leave daemons behind.
  const killAll = () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killAll);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      process.off('exit', killAll);
      // Nothing to keep: the data is thrown away, so no graceful shutdown (memstore would write
      // everything to disk on a clean one).
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
      await rm(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  try {
    const [monPort, rgwPort] = [await freePort(), await freePort()];
    const fsid = randomUUID();
    const conf = path.join(dir, 'ceph.conf');
    for (const sub of ['run', 'log', 'mon', 'osd/osd.0', 'rgw'])
      await mkdir(path.join(dir, sub), { recursive: true });
    await writeFile(conf, cephConf(dir, fsid, monPort, rgwPort));
    // The Ceph programs need only their config and a PATH; nothing of ours leaks into them.
    const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', CEPH_CONF: conf };

    const daemon = (name: string, file: string, args: string[]) => {
      const child = spawn(file, [...args, '-f'], { env, stdio: 'ignore' });
      child.once('exit', (code, signal) => exits.set(name, `${name} exited (${signal ?? code})`));
      children.push(child);
    };
    const exited = () => [...exits.values()][0];

    const monmap = path.join(dir, 'monmap');
    await run(
      '/usr/bin/monmaptool',
      ['--create', '--addv', 'a', `[v2:127.0.0.1:${monPort}]`, '--fsid', fsid, monmap],
      env,
    );
    await run('/usr/bin/ceph-mon', ['--mkfs', '-i', 'a', '--monmap', monmap], env);
    daemon('ceph-mon', '/usr/bin/ceph-mon', ['-i', 'a']);

    // One `ceph` process for all monitor commands (it reads them from stdin): the CLI's own start
    // costs more than the commands.
    const commands = [
      'osd create',
      ...RGW_POOLS.map((pool) => `osd pool create ${pool} 1 1`),
      ...RGW_POOLS.map((pool) => `osd pool application enable ${pool} rgw`),
    ];
    await run('/usr/bin/ceph', ['--connect-timeout', '30'], env, `${commands.join('\n')}\n`);

    await run('/usr/bin/ceph-osd', ['-i', '0', '--mkfs'], env);
    daemon('ceph-osd', '/usr/bin/ceph-osd', ['-i', '0']);

    // Waits for the OSD: the user lives in the pools.
    await run(
      '/usr/bin/radosgw-admin',
      [
        'user',
        'create',
        `--uid=${USER}`,
        `--display-name=${USER}`,
        `--access-key=${ACCESS_KEY_ID}`,
        `--secret-key=${SECRET_ACCESS_KEY}`,
      ],
      env,
    );
    daemon('radosgw', '/usr/bin/radosgw', ['-n', 'client.rgw']);
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    await waitForHttp(endpoint, deadline, exited);

    const config: S3Config = {
      endpoint,
      region: REGION,
      bucket: opts.bucket,
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY,
    };
    const client = createS3Client(config);
    try {
      await client.send(new CreateBucketCommand({ Bucket: opts.bucket }));
      const origins = opts.corsOrigins ?? [];
      if (origins.length > 0) {
        await client.send(
          new PutBucketCorsCommand({
            Bucket: opts.bucket,
            CORSConfiguration: { CORSRules: corsRules(origins) },
          }),
        );
      }
      await pingBucket(client, opts.bucket);
    } finally {
      client.destroy();
    }
    return { config, startedInMs: Date.now() - started, stop };
  } catch (error) {
    const logs = await Promise.all(['mon.a', 'osd.0', 'client.rgw'].map((n) => logTail(dir, n)));
    await stop();
    throw new Error(
      `The RADOS Gateway did not start: ${(error as Error).message}\n${logs.filter(Boolean).join('\n---\n')}`,
      { cause: error },
    );
  }
}
