/**
 * One process-wide SIGTERM/SIGINT handler for every consumer and publisher that asked for graceful shutdown.
 * Consumers stop first (their in-flight handlers may still publish), publishers flush after. Then, unless the
 * application listens to the signal itself, the signal is raised again so the process ends as it would have.
 */
export type ShutdownPhase = 'consumers' | 'publishers';

type Hook = () => Promise<void>;
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
const hooks: Record<ShutdownPhase, Set<Hook>> = { consumers: new Set(), publishers: new Set() };
let installed = false;
let shuttingDown = false;

/** How long shutdown hooks may take before the signal's default course resumes anyway. */
export const SHUTDOWN_TIMEOUT_MS = 30_000;

function onSignal(signal: NodeJS.Signals): void {
  if (shuttingDown) return;
  shuttingDown = true;
  uninstall();
  const run = async (): Promise<void> => {
    for (const phase of ['consumers', 'publishers'] as const) {
      await Promise.allSettled([...hooks[phase]].map((hook) => hook()));
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
  });
  void Promise.race([run(), timeout]).then(() => {
    clearTimeout(timer);
    shuttingDown = false;
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** Registers `hook` to run on SIGTERM/SIGINT; the returned function unregisters it. */
export function onShutdownSignal(phase: ShutdownPhase, hook: Hook): () => void {
  hooks[phase].add(hook);
  install();
  return () => {
    hooks[phase].delete(hook);
    if (hooks.consumers.size === 0 && hooks.publishers.size === 0) uninstall();
  };
}
