/** Drafts: the completion a user is writing, per dataset and problem, saved as they type. */
import { database, type DraftRecord } from './db.ts';

function draftKey(datasetId: string, taskId: string): string {
  return `${datasetId}:${taskId}`;
}

/** The saved draft for a problem, if any. */
export async function getDraft(datasetId: string, taskId: string): Promise<DraftRecord | undefined> {
  return (await database()).get('drafts', draftKey(datasetId, taskId));
}

/** Save (replace) a problem's draft. */
export async function saveDraft(datasetId: string, taskId: string, completion: string): Promise<void> {
  await (await database()).put('drafts', { key: draftKey(datasetId, taskId), taskId, completion, updatedAt: Date.now() });
}

/** Forget a problem's draft (the user chose "Reset"). */
export async function deleteDraft(datasetId: string, taskId: string): Promise<void> {
  await (await database()).delete('drafts', draftKey(datasetId, taskId));
}

/** Delete every draft (only when the user explicitly asks). */
export async function clearDrafts(): Promise<void> {
  await (await database()).clear('drafts');
}
