/** Reading this workstation's commits as sync needs them: a stream's commits from a version on, and a commit's command identity. */

import type { RxCollection } from 'rxdb';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import type { CommitDocument } from '../store/commitSchema.js';

/** The stream's commits holding `version` and after, in version order. */
export async function localCommitsFrom(commits: RxCollection<CommitDocument>, streamId: string, version: number): Promise<CommitDocument[]> {
  // The commit holding `version` may start before it (a multi-event commit).
  const containing = await commits.findOne({ selector: { streamId, version: { $lte: version } }, sort: [{ streamId: 'desc' }, { version: 'desc' }] }).exec();
  const from = containing && containing.version + containing.events.length - 1 >= version ? containing.version : version;
  const docs = await commits.find({ selector: { streamId, version: { $gte: from } }, sort: [{ streamId: 'asc' }, { version: 'asc' }] }).exec();
  return docs.map((d) => d.toMutableJSON());
}

/** The original command's identity: a rebased command keeps its id (a teller's retry still finds it) and its actor. */
export function metaOf(commit: CommitDocument): CommandMetaInput {
  const meta = commit.events[0]!.meta;
  return { commandId: commit.commandId, correlationId: meta.correlationId, causationId: meta.causationId, actor: meta.actor };
}
