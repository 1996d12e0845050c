// How much of a thread's task time in a trace was spent on the CPU. Lighthouse's main-thread work is
// the wall time of the main thread's top-level tasks (times the simulated CPU slowdown); on a shared
// machine a task's wall time also counts the time its thread waited for a core. Trace events carry
// both: `dur` (wall) and `tdur` (the thread's own CPU time), in microseconds.

// The summed wall and CPU time, in ms, of the top-level tasks among `events` (one thread's events,
// sorted by start): the events isTask accepts that start after the previous top-level task ended
// (a task nested in another is inside its time already). cpu_ms is null when a top-level task has
// no thread time, rather than a sum that silently leaves it out.
export function topLevelTaskTimes(events, isTask) {
  let wallUs = 0;
  let cpuUs = 0;
  let cpuKnown = true;
  let tasks = 0;
  let end = -Infinity;
  for (const event of events) {
    if (!isTask(event) || !(event.dur > 0) || event.ts < end) continue;
    end = event.ts + event.dur;
    tasks += 1;
    wallUs += event.dur;
    if (Number.isFinite(event.tdur)) cpuUs += event.tdur;
    else cpuKnown = false;
  }
  return { tasks, wall_ms: wallUs / 1000, cpu_ms: cpuKnown ? cpuUs / 1000 : null };
}
