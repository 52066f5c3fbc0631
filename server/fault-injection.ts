// Fault injection for tests, off unless its environment variable is set. Named here so that
// nobody mistakes it for behaviour: PARLEY_FAULT_KILL_AFTER_COMMIT=<event> makes the server
// process SIGKILL itself the first time a request of that event has committed its
// transaction and before its ack is sent: the crash that leaves a client not knowing
// whether its message was stored (issue "never lose a message", scenario 1).

export function killAfterCommitHook(env: NodeJS.ProcessEnv = process.env): (event: string) => void {
  const target = env.PARLEY_FAULT_KILL_AFTER_COMMIT;
  if (!target) return () => undefined;
  return (event) => {
    if (event === target) process.kill(process.pid, 'SIGKILL');
  };
}
