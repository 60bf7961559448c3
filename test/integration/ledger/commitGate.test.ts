/**
 * Background batch writes beside teller commands: while commands are coming (one in flight or one just ended), a
 * finished batch waits for a command's write to ride on instead of a durable write of its own; with no command
 * about, it is written at once.
 */

import { describe, expect, it } from 'vitest';
import { createCommitGate } from '../../../main/processing/commitGate.js';
import { createPriorityLanes } from '../../../main/processing/priorityLanes.js';

const turns = async (count: number) => {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
};

describe('the commit gate beside teller commands', () => {
  it('holds a finished batch while commands are coming and writes it with the next command', async () => {
    const lanes = createPriorityLanes();
    // A wait far longer than the test: only a command's write may release the batch.
    const gate = createCommitGate(60_000, () => lanes.liveWithin(60_000));
    const release = await lanes.admit();
    release();
    const written: string[] = [];
    const batch = gate.begin().commit(async () => {
      written.push('batch');
    });
    await turns(5);
    expect(written).toEqual([]);
    gate.ride();
    await batch;
    expect(written).toEqual(['batch']);
  });

  it('writes a finished batch at once when no command has run', async () => {
    const lanes = createPriorityLanes();
    const gate = createCommitGate(60_000, () => lanes.liveWithin(60_000));
    let written = false;
    await gate.begin().commit(async () => {
      written = true;
    });
    expect(written).toBe(true);
  });

  it('says commands are coming while one is in flight and within the window after the last ended', async () => {
    const lanes = createPriorityLanes();
    expect(lanes.liveWithin(60_000)).toBe(false);
    const release = await lanes.admit();
    expect(lanes.liveWithin(0)).toBe(true);
    release();
    expect(lanes.liveWithin(60_000)).toBe(true);
    expect(lanes.liveWithin(0)).toBe(false);
  });
});
