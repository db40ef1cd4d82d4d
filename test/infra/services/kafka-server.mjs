// A throwaway single-node Kafka (KRaft, combined broker+controller) on 127.0.0.1, free ports,
// data and logs in a temp folder. Ready when an admin describeCluster answers and the group
// coordinator is up (so the first consumer group of a test does not wait for it).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { aotCacheFile, findJava, trainAotCache } from './java.mjs';
import { freePorts, progress, removeDir, run, ServiceStartError, since, spawnServer, stopAndRemove, stopServer, waitUntilReady } from './process.mjs';

const { Kafka, logLevel } = kafkajs;

/** JVM flags for a small machine (2 cores shared by many runs). */
const JVM_FLAGS = ['-Xms256m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true'];

/**
 * Starts the broker and waits until it serves. Retries on new ports when another process took one.
 * `storageTemplate` is a storage folder formatted once at provisioning (copying it saves a JVM start
 * per run); without it the storage is formatted here. Uses the JVM's AOT cache when `trainKafka`
 * made one for this exact Java (about half the CPU to start).
 * @param {{libsDir: string, version: string, storageTemplate?: string, timeoutMs?: number}} options
 */
export async function startKafka({ libsDir, version, storageTemplate, timeoutMs = 180_000 }) {
  const javaFound = await findJava(17, `Kafka ${version}`);
  const aot = aotCacheFile(libsDir, javaFound);
  const jvmFlags = aot && existsSync(aot) ? [`-XX:AOTCache=${aot}`] : [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce({ java: javaFound.java, javaMajor: javaFound.version, libsDir, version, storageTemplate, timeoutMs, jvmFlags });
    } catch (error) {
      if (!(error instanceof ServiceStartError && error.portTaken && attempt < 3)) throw error;
      progress(`kafka: a port was taken by another process; retrying on new ports`);
    }
  }
}

/**
 * Makes the JVM's AOT cache for the broker (Java 25+, JEP 514): one training run that starts it,
 * creates a topic, produces, consumes in a group and commits a transaction, then stops; the JVM
 * writes the cache at exit. About a minute once. Only `node scripts/services/provision.mjs` calls
 * this (not the test run), so CI does not pay for it.
 * @returns {Promise<string | undefined>} the cache file, or undefined when this Java cannot make one
 */
export async function trainKafka({ libsDir, version, storageTemplate }) {
  const javaFound = await findJava(17, `Kafka ${version}`);
  return trainAotCache({
    name: 'kafka',
    dir: libsDir,
    javaFound,
    start: (jvmFlags) => startOnce({ java: javaFound.java, javaMajor: javaFound.version, libsDir, version, storageTemplate, timeoutMs: 180_000, jvmFlags }),
    exercise: (broker) => exercise(broker.brokers),
  });
}

/** The broker work the tests do, so its classes land in the AOT cache. */
async function exercise(brokers) {
  const kafka = new Kafka({ clientId: 'contracts-aot-training', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'training', numPartitions: 3 }], waitForLeaders: true });
  const producer = kafka.producer({ idempotent: true, transactionalId: 'training', maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic: 'training',
    messages: [
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
      { key: 'c', value: '3' },
    ],
  });
  const transaction = await producer.transaction();
  await transaction.send({ topic: 'training', messages: [{ key: 'd', value: '4' }] });
  await transaction.commit();
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: 'training' });
  await consumer.connect();
  await consumer.subscribe({ topic: 'training', fromBeginning: true });
  let seen = 0;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('kafka: AOT training consumed too little in 60s')), 60_000);
    void consumer.run({
      eachMessage: async () => {
        if (++seen === 4) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  await admin.fetchOffsets({ groupId: 'training', topics: ['training'] });
  await admin.deleteTopics({ topics: ['training'] });
  await admin.disconnect();
}

/**
 * Formats a KRaft storage folder (`kafka.tools.StorageTool format`) with a random cluster id.
 * Nothing in it depends on ports or paths (the quorum is static), so one formatted folder can be
 * copied to any number of brokers.
 */
export async function formatStorage({ java, libsDir, workDir, dataDir }) {
  const properties = join(workDir, 'format.properties');
  await writeFile(properties, serverProperties({ dataDir, port: 9092, controllerPort: 9093 }));
  const args = [...JVM_FLAGS, `-Djava.io.tmpdir=${workDir}`, '-cp', join(libsDir, '*'), 'kafka.tools.StorageTool', 'format'];
  const format = await run(java, [...args, '-t', clusterId(), '-c', properties, '--ignore-formatted'], { cwd: workDir });
  if (format.code !== 0) {
    throw new Error(`kafka: formatting the storage in ${dataDir} failed (exit ${format.code}):\n${(format.stdout + format.stderr).trim()}`);
  }
}

async function startOnce({ java, javaMajor, libsDir, version, storageTemplate, timeoutMs, jvmFlags = [] }) {
  const start = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'contracts-kafka-'));
  const [port, controllerPort] = await freePorts(2);
  const brokers = [`127.0.0.1:${port}`];
  const logFile = join(dir, 'server.log');
  const properties = join(dir, 'server.properties');
  const log4j = join(dir, 'log4j2.properties');
  const dataDir = join(dir, 'data');
  await writeFile(properties, serverProperties({ dataDir, port, controllerPort }));
  await writeFile(log4j, log4jProperties(logFile));
  const classpath = ['-cp', join(libsDir, '*')];
  const jvm = [...jvmFlags, ...JVM_FLAGS, `-Djava.io.tmpdir=${dir}`, `-Dlog4j2.configurationFile=${log4j}`];

  let handle;
  let relaunch;
  const marks = {};
  try {
    if (storageTemplate && existsSync(storageTemplate)) {
      await cp(storageTemplate, dataDir, { recursive: true });
      marks.storage = `storage copied at ${since(start)}`;
    } else {
      await formatStorage({ java, libsDir, workDir: dir, dataDir });
      marks.storage = `storage formatted at ${since(start)}`;
    }
    // log4j and the JVM's own stdout/stderr (crashes, bad flags) append to the same file.
    const launch = () => spawnServer({ name: 'kafka', command: java, args: [...jvm, ...classpath, 'kafka.Kafka', properties], cwd: dir, logFile });
    handle = launch();
    relaunch = launch;
    await waitUntilReady(handle, () => answers(brokers), { timeoutMs });
    marks.broker = since(start);
    await waitUntilReady(handle, () => groupCoordinatorUp(brokers), { timeoutMs });
  } catch (error) {
    if (handle) await stopServer(handle, { graceMs: 2_000 });
    removeDir(dir);
    throw error;
  }
  progress(
    `kafka: ready on ${brokers[0]} in ${since(start)} (${marks.storage}, broker answered at ${marks.broker}; ` +
      `Kafka ${version}, Java ${javaMajor}${jvmFlags.some((flag) => flag.startsWith('-XX:AOTCache=')) ? ', AOT cache' : ''}, pid ${handle.pid})`,
  );

  return {
    brokers,
    pid: handle.pid,
    dir,
    version,
    stop: stopAndRemove('kafka', () => handle, dir),
    /** Stops the broker (SIGTERM, or SIGKILL with `kill`) and keeps its data, for fault tests; resume() starts it again. */
    async halt({ kill = false } = {}) {
      await stopServer(handle, { graceMs: 15_000, signal: kill ? 'SIGKILL' : 'SIGTERM' });
      progress(`kafka: halted (${kill ? 'SIGKILL' : 'SIGTERM'}); data kept in ${dir}`);
    },
    /** Starts a halted broker again on the same ports with the same data; resolves once it serves groups. */
    async resume() {
      const resuming = performance.now();
      handle = relaunch();
      await waitUntilReady(handle, () => answers(brokers), { timeoutMs });
      await waitUntilReady(handle, () => groupCoordinatorUp(brokers), { timeoutMs });
      progress(`kafka: resumed on ${brokers[0]} in ${since(resuming)}`);
    },
  };
}

/** A probe client: no retries, short timeouts, silent (failures are expected while starting). */
function probeClient(brokers) {
  return new Kafka({
    clientId: 'contracts-test-infra',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 3_000,
    retry: { retries: 0 },
  });
}

async function answers(brokers) {
  const admin = probeClient(brokers).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** FindCoordinator creates __consumer_offsets on first use; wait for it once here. */
async function groupCoordinatorUp(brokers) {
  const admin = probeClient(brokers).admin();
  try {
    await admin.connect();
    await admin.describeCluster(); // loads the metadata findGroupCoordinator needs
    await admin.describeGroups(['contracts-test-infra-warmup']);
    return true;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

function serverProperties({ dataDir, port, controllerPort }) {
  return `${[
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Small machine, fast tests:
    'group.initial.rebalance.delay.ms=0',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.num.partitions=1',
    'num.network.threads=2',
    'num.io.threads=2',
    // The cleaner allocates 128 MiB on the heap by default; keep it (offsets are compacted) but small.
    'log.cleaner.dedupe.buffer.size=16777216',
  ].join('\n')}\n`;
}

function log4jProperties(logFile) {
  return `${[
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = FILE',
    `appender.file.fileName = ${logFile}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = FILE',
    // The request logger and the state-change logger are chatty at INFO and say nothing tests need.
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
  ].join('\n')}\n`;
}

/** 16 random bytes, unpadded base64url, not starting with '-' (the tool would read it as a flag). */
function clusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
