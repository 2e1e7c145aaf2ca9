/**
 * `npm run bench`: figures for the closing notes, printed as tables. Never run by the
 * tests. Every comparison is measured side by side in this one run, interleaved in
 * blocks so that machine noise falls on both sides alike. `npm run bench -- fanout`
 * runs one section (latency, startup, memory, fanout, sweep, crowd, two, shards, scale).
 */
const only = process.argv[2];
if (!only || only === 'latency') await (await import('./interactions.ts')).interactionLatency();
if (!only || only === 'startup') await (await import('./startup.ts')).startUp();
if (!only || only === 'memory') await (await import('./startup.ts')).memoryPerServers();
if (!only || only === 'fanout') await (await import('./fanout.ts')).fanOut();
if (!only || only === 'sweep') await (await import('./fanout.ts')).paceSweep();
if (!only || only === 'crowd') await (await import('./crowd.ts')).reflectWhileDue();
if (!only || only === 'two') await (await import('./crowd.ts')).twoProcesses();
if (!only || only === 'shards') await (await import('./shards.ts')).shardProcesses();
if (!only || only === 'scale') await (await import('./scale.ts')).scheduleScale();
