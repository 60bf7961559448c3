/** `fidelis snapshot …`: take, list and delete snapshots (a cache: deleting them changes no balance). */

import type { Snapshot } from './snapshots.js';
import type { CreatedSnapshots } from './snapshotsService.js';
import type { CliCommand, CliContext } from '../cli/cliCommand.js';

const str = (context: CliContext, name: string): string | undefined => context.options[name] as string | undefined;

const filterOf = (context: CliContext) => {
  const type = str(context, 'type');
  const id = str(context, 'id');
  return {
    ...(id === undefined ? {} : { streamId: `${type ?? 'account'}-${id}` }),
    ...(type === undefined ? {} : { category: type }),
  };
};

const selection = { type: { type: 'string', help: 'Aggregate type (account by default with --id; all types without either).' }, id: { type: 'string', help: 'One aggregate of that type.' } } as const;

export const snapshotCommands: CliCommand[] = [
  {
    words: ['snapshot', 'create'],
    args: [],
    options: selection,
    access: 'operations',
    summary: 'Snapshot one aggregate (--id, of --type, default account), every aggregate of a type (--type), or all.',
    run: (context) => context.host.snapshots.create({ type: str(context, 'type'), id: str(context, 'id') }, context.progress),
    text: (result: CreatedSnapshots) => `${result.created} snapshot(s) taken over ${result.streams} stream(s)`,
  },
  {
    words: ['snapshot', 'list'],
    args: [],
    options: selection,
    access: 'operations',
    summary: 'List snapshots: stream, version, state schema, when taken.',
    run: async (context) => ({ snapshots: (await context.host.snapshots.list(filterOf(context))).map(({ state: _state, ...rest }) => rest) }),
    text: ({ snapshots }: { snapshots: Omit<Snapshot, 'state'>[] }) =>
      snapshots.length === 0 ? 'no snapshots' : snapshots.map((s) => `${s.streamId}@${s.version}  schema ${s.stateVersion}  taken ${s.takenAt}`).join('\n'),
  },
  {
    words: ['snapshot', 'delete'],
    args: [],
    options: selection,
    access: 'operations',
    summary: 'Delete snapshots (all, one type, or one aggregate); loads then replay from the start and take new ones.',
    run: async (context) => ({ deleted: await context.host.snapshots.remove(filterOf(context)) }),
    text: ({ deleted }: { deleted: number }) => `${deleted} snapshot(s) deleted`,
  },
];
