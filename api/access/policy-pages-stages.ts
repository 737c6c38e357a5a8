// The approval stages of the policy form (policy v2). Each stage is a fieldset whose fields post as stage<N><Field>
// ("stage2Quorum"); the page shows every stored stage plus one blank one, so a stage is added without script, and a
// stage left blank is ignored. Approvers are typed as names (UPN, display name, object id) like the single step's.
import { POLICY_V2_LIMITS, type ApprovalStageRule, type ApproverSet } from '../../domain/access-policy.js';

export const STAGE_FIELDS = [
  'Name',
  'Owners',
  'Manager',
  'People',
  'Group',
  'Quorum',
  'TimeoutValue',
  'TimeoutUnit',
  'OnTimeout',
  'FallbackOwners',
  'FallbackManager',
  'FallbackPeople',
  'FallbackGroup',
] as const;
export type StageField = (typeof STAGE_FIELDS)[number];
/** One stage's fields as typed (checkboxes 'on' or empty). */
export type StageForm = Record<StageField, string>;
/** Which approver set of a stage: who decides first, or who decides once it timed out and escalated. */
export type ApproverRole = '' | 'Fallback';

/** A stage field's id and posted name: stage1Name, stage2FallbackPeople… */
export const stageFieldId = (index: number, field: StageField): string => `stage${index + 1}${field}`;

export const BLANK_STAGE: StageForm = {
  Name: '',
  Owners: '',
  Manager: '',
  People: '',
  Group: '',
  Quorum: '1',
  TimeoutValue: '1',
  TimeoutUnit: 'days',
  OnTimeout: 'deny',
  FallbackOwners: '',
  FallbackManager: '',
  FallbackPeople: '',
  FallbackGroup: '',
};

/** Selects and numbers always post a value, so only what is typed or ticked says the person meant a stage. */
const MEANINGFUL: StageField[] = [
  'Name',
  'Owners',
  'Manager',
  'People',
  'Group',
  'FallbackOwners',
  'FallbackManager',
  'FallbackPeople',
  'FallbackGroup',
];
export const isBlankStage = (stage: StageForm): boolean => MEANINGFUL.every((field) => stage[field].trim() === '');

/** The stages a form posted, in order, blank ones left out (at most the policy limit's worth are read). */
export function stagesOfPost(body: Record<string, unknown>): StageForm[] {
  const stages: StageForm[] = [];
  for (let index = 0; index < POLICY_V2_LIMITS.maxStages; index++) {
    const stage = Object.fromEntries(
      STAGE_FIELDS.map((field) => {
        const value = body[stageFieldId(index, field)];
        return [field, typeof value === 'string' ? value : ''];
      }),
    ) as StageForm;
    if (!isBlankStage(stage)) stages.push(stage);
  }
  return stages;
}

/** A stored approver set as the form's text: checkboxes and names, one person per line. */
export function approverSetText(
  set: ApproverSet | undefined,
  nameOf: (id: string | null | undefined) => string,
): { Owners: string; Manager: string; People: string; Group: string } {
  return {
    Owners: set?.owners ? 'on' : '',
    Manager: set?.manager ? 'on' : '',
    People: (set?.principalIds ?? []).map(nameOf).join('\n'),
    Group: nameOf(set?.groupId),
  };
}

/** Stored stages as form text (durations split by `split` into a number and a unit). */
export function stageFormsOf(
  stages: ApprovalStageRule[] | null,
  nameOf: (id: string | null | undefined) => string,
  split: (seconds: number) => [string, string],
): StageForm[] {
  return (stages ?? []).map((stage) => {
    const [TimeoutValue, TimeoutUnit] = split(stage.timeoutSeconds);
    const first = approverSetText(stage.approvers, nameOf);
    const fallback = approverSetText(stage.fallbackApprovers, nameOf);
    return {
      Name: stage.name,
      ...first,
      Quorum: String(stage.quorum),
      TimeoutValue,
      TimeoutUnit,
      OnTimeout: stage.onTimeout,
      FallbackOwners: fallback.Owners,
      FallbackManager: fallback.Manager,
      FallbackPeople: fallback.People,
      FallbackGroup: fallback.Group,
    };
  });
}

/** Every id a stored policy's stages name (to look their names up once). */
export const stageIds = (stages: ApprovalStageRule[] | null): string[] =>
  (stages ?? []).flatMap((stage) =>
    [stage.approvers, stage.fallbackApprovers].flatMap((set) => [...(set?.principalIds ?? []), set?.groupId ?? '']),
  );

/** Which stage field carries a refused path below `stages` ("quorum", "fallbackApprovers.principalIds"). */
export function stageFieldOfPath(rest: string): { field: StageField; rule: string } | null {
  const limits = POLICY_V2_LIMITS;
  if (rest === 'name') return { field: 'Name', rule: 'a name of 1 to 80 characters, e.g. "Manager"' };
  if (rest === 'quorum') return { field: 'Quorum', rule: `a whole number of approvals from 1 to ${limits.maxQuorum}` };
  if (rest === 'timeoutSeconds')
    return { field: 'TimeoutValue', rule: 'a whole number of seconds from 1 minute to 30 days' };
  if (rest === 'onTimeout') return { field: 'OnTimeout', rule: 'escalate or deny' };
  if (rest.startsWith('fallbackApprovers'))
    return { field: 'FallbackPeople', rule: 'fallback approvers only when the stage escalates, and then at least one' };
  if (rest.startsWith('approvers')) return { field: 'People', rule: 'at least one approver for the stage' };
  return null;
}

/** The stage index a refused path names ("stages.1.quorum", "stages[1].quorum", "stages/1/quorum"), if any. */
export function stageIndexOfPath(path: string): number | null {
  const match = /^stages(?:\.|\[|\/)(\d+)/.exec(path);
  return match ? Number(match[1]) : null;
}
