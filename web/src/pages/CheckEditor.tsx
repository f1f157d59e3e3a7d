import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import { CheckCometPanel } from '../components/CheckCometPanel.js';
import { CheckJobPanel } from '../components/CheckJobPanel.js';
import { DeleteConfirm } from '../components/CheckEditorDelete.js';
import { inheritedAnomalies } from '../components/CheckEditorJobStatus.js';
import { FieldErrors, type Issue, issuesOf, TimeZoneList } from '../components/CheckEditorFields.js';
import { addressOf, aliasFromName, formFromMessage } from '../components/CheckEditorAddress.js';
import { type CheckForm, checkBody, emptyForm, formFromCheck, type StoredCheck } from '../components/CheckEditorForm.js';
import { IdentificationStep } from '../components/CheckEditorIdentity.js';
import { CheckAddress, MatchingStep, StatusStep } from '../components/CheckEditorMatching.js';
import { type Lookups, loadLookups } from '../components/CheckEditorLookups.js';
import { NotificationsStep } from '../components/CheckEditorNotifications.js';
import { RuleValueLists } from '../components/CheckEditorRules.js';
import { ScheduleStep } from '../components/CheckEditorSchedule.js';
import { TestPanel } from '../components/CheckEditorTestPanel.js';
import { productOf } from '../components/Formats.js';
import { ErrorNote, Page } from '../components/Page.js';
import { StatusBadge } from '../components/Status.js';
import { formatTime } from '../format.js';
import { useLive } from '../live.js';
import { Link, navigate, useLocation } from '../router.js';
import { useSession } from '../session.js';

const STEPS = [
  ['identification', 'Identification'],
  ['schedule', 'Schedule'],
  ['matching', 'Matching'],
  ['status', 'Status'],
  ['notifications', 'Notifications'],
] as const;
type Step = (typeof STEPS)[number][0];

/** The step whose form holds the field an API error names. */
function stepOf(path: string): Step {
  const root = path.split(/[.[]/)[0];
  if (root === 'schedule' || root === 'paused') return 'schedule';
  if (root === 'matching') return 'matching';
  if (root === 'status' || root === 'anomalies') return 'status';
  if (root === 'notifications' || root === 'ticketFields') return 'notifications';
  return 'identification';
}

/** Said once on the page a new check lands on after its creation. */
let savedNotice = '';

function Editor({ id, fromMessage }: { id: number | null; fromMessage: number | null }) {
  const { isAdmin } = useSession();
  const readOnly = !isAdmin;
  const [lookups, setLookups] = useState<Lookups | null>(null);
  const [stored, setStored] = useState<StoredCheck | null>(null);
  const [form, setForm] = useState<CheckForm | null>(null);
  const [snapshot, setSnapshot] = useState('');
  const [step, setStep] = useState<Step>('identification');
  const [issues, setIssues] = useState<Issue[]>([]);
  const [issuesFrom, setIssuesFrom] = useState<'save' | 'test'>('save');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState(savedNotice);
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  savedNotice = '';

  const show = (check: StoredCheck) => {
    const f = formFromCheck(check);
    setStored(check);
    setForm(f);
    setSnapshot(JSON.stringify(checkBody(f)));
  };

  useEffect(() => {
    (async () => {
      try {
        const found = await loadLookups();
        setLookups(found);
        if (id !== null) show(await api<StoredCheck>('GET', `/checks/${id}`));
        else {
          const f = fromMessage ? formFromMessage(await api('GET', `/messages/${fromMessage}`), found.inbox) : emptyForm();
          setForm(f);
          setSnapshot(JSON.stringify(checkBody(emptyForm())));
        }
      } catch (e) {
        setError(e);
      }
    })();
  }, []);

  // The status line follows new reports; the form is left as the user has it.
  useLive((event) => {
    if (id === null || (event.checkId !== undefined && event.checkId !== id)) return;
    api<StoredCheck>('GET', `/checks/${id}`)
      .then((c) =>
        setStored(
          (prev) =>
            prev && {
              ...prev,
              ...{ status: c.status, statusSince: c.statusSince, lastActivityAt: c.lastActivityAt, nextDueAt: c.nextDueAt, overdueAt: c.overdueAt },
              ...{ job: c.job, comet: c.comet, schedule: c.schedule, scheduleSetBy: c.scheduleSetBy, scheduleSuggestion: c.scheduleSuggestion },
            },
        ),
      )
      .catch(() => {});
  });

  const errors = useMemo(() => new Map(issues.map((i) => [i.path, i.message])), [issues]);
  if (!form || !lookups) {
    return (
      <Page title={id ? 'Check' : 'Add check'}>
        <ErrorNote error={error} />
        {!error && <p class="loading">Loading…</p>}
      </Page>
    );
  }

  const update = (mutate: (f: CheckForm) => void) =>
    setForm((prev) => {
      const next = structuredClone(prev!);
      mutate(next);
      return next;
    });
  const dirty = JSON.stringify(checkBody(form)) !== snapshot;
  const index = STEPS.findIndex(([s]) => s === step);
  const errorSteps = new Set(issues.map((i) => stepOf(i.path)));
  const group = lookups.groups.find((g) => g.name.toLowerCase() === form.group.trim().toLowerCase());
  const groupChannelIds = group?.notifications.channelIds ?? [];
  const alias = form.alias.trim() || (stored?.alias ?? aliasFromName(form.name));
  const address = addressOf(lookups.inbox, alias);
  const inherited = lookups.anomalies && inheritedAnomalies(lookups.anomalies, group);
  const format = stored?.job?.format ?? (stored?.comet ? 'comet' : null);
  const jobFormat = format ? { format, product: productOf(format) } : null;

  const scheduleApplied = (c: StoredCheck) => {
    setStored(c);
    setForm((prev) => prev && { ...prev, schedule: formFromCheck(c).schedule });
    setSnapshot(JSON.stringify(checkBody(formFromCheck(c))));
    setNotice('The suggested schedule applies now.');
  };

  const save = async () => {
    setSaving(true);
    setIssues([]);
    setError(null);
    setNotice('');
    try {
      const body: Partial<ReturnType<typeof checkBody>> = checkBody(form);
      // A schedule left as it was is not sent: sending it would mark it as chosen by a person.
      if (stored && JSON.stringify(body.schedule) === JSON.stringify(JSON.parse(snapshot).schedule)) delete body.schedule;
      if (stored) {
        show(await api<StoredCheck>('PATCH', `/checks/${stored.id}`, body));
        setNotice('Saved.');
      } else {
        const created = await api<StoredCheck>('POST', '/checks', body);
        savedNotice = `Check created. Its address is ${created.address}.`;
        navigate(`/checks/${created.id}`, true);
      }
    } catch (e) {
      const found = issuesOf(e);
      setIssues(found);
      setIssuesFrom('save');
      setError(e);
      if (found.length) setStep(stepOf(found[0]!.path));
    } finally {
      setSaving(false);
    }
  };

  const title = stored ? stored.name : 'Add check';
  return (
    <Page
      title={title}
      actions={
        <>
          {stored && <Link href={`/activity?checkId=${stored.id}`} class="button">Activity</Link>}
          {isAdmin && stored && !confirmDelete && (
            <button type="button" class="danger" onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          )}
        </>
      }
    >
      {stored && (
        <p class="check-facts">
          <StatusBadge status={stored.status} /> {stored.statusSince && <span class="muted">since {formatTime(stored.statusSince)}</span>}
          {stored.lastActivityAt && <span class="muted"> · last report {formatTime(stored.lastActivityAt)}</span>}
          {stored.nextDueAt && <span class="muted"> · next due {formatTime(stored.nextDueAt)}</span>}
          {stored.paused && <span class="badge badge-muted">Paused</span>}
        </p>
      )}
      {confirmDelete && (
        <DeleteConfirm
          check={stored!}
          onCancel={() => setConfirmDelete(false)}
          onError={(e) => {
            setError(e);
            setConfirmDelete(false);
          }}
        />
      )}
      {readOnly && <p class="notice-readonly">You are a viewer: you can see checks, but only administrators can add or change them.</p>}
      {notice && (
        <p class="notice-saved" role="status">
          {notice}
        </p>
      )}
      {issues.length > 0 ? (
        <div class="error issue-summary" role="alert">
          <p>{issuesFrom === 'test' ? 'The test could not run:' : 'The check was not saved:'}</p>
          <ul class="issue-list">
            {issues.map((i) => (
              <li key={i.path}>
                <button type="button" class="link-button" onClick={() => setStep(stepOf(i.path))}>
                  {STEPS.find(([s]) => s === stepOf(i.path))![1]}
                </button>{' '}
                <code>{i.path}</code>: {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorNote error={error} />
      )}
      {stored?.comet ? (
        <CheckCometPanel check={stored} isAdmin={isAdmin} onChanged={scheduleApplied} />
      ) : (
        stored?.job && <CheckJobPanel check={stored} isAdmin={isAdmin} onChanged={scheduleApplied} />
      )}
      <FieldErrors.Provider value={errors}>
        <TimeZoneList />
        <RuleValueLists />
        <div class="columns check-editor">
          <div class="panel">
            <div class="steps" role="tablist" aria-label="Steps">
              {STEPS.map(([s, label]) => (
                <button key={s} type="button" role="tab" id={`tab-${s}`} aria-controls="step-panel" aria-selected={s === step} onClick={() => setStep(s)}>
                  {label}
                  {errorSteps.has(s) && <span class="tab-error" aria-label="(has errors)"> !</span>}
                </button>
              ))}
            </div>
            <div id="step-panel" role="tabpanel" aria-labelledby={`tab-${step}`}>
              {step === 'matching' && <CheckAddress address={address} saved={alias === stored?.alias} />}
              <fieldset class="plain" disabled={readOnly}>
                {step === 'identification' && <IdentificationStep form={form} update={update} groups={lookups.groups.map((g) => g.name)} labels={lookups.labels} />}
                {step === 'schedule' && <ScheduleStep form={form} update={update} />}
                {step === 'matching' && <MatchingStep form={form} update={update} />}
                {step === 'status' && <StatusStep form={form} update={update} job={{ inherited, statusMap: lookups.statusMap, job: jobFormat }} />}
                {step === 'notifications' && <NotificationsStep form={form} update={update} channels={lookups.channels} groupChannelIds={groupChannelIds} defaults={lookups.defaults} users={lookups.users} />}
              </fieldset>
            </div>
            <div class="step-nav">
              <button type="button" onClick={() => setStep(STEPS[index - 1]![0])} disabled={index === 0}>
                Back
              </button>
              <button type="button" onClick={() => setStep(STEPS[index + 1]![0])} disabled={index === STEPS.length - 1}>
                Next
              </button>
              <span class="spacer" />
              {dirty && !readOnly && <span class="muted">Unsaved changes</span>}
              {isAdmin && (
                <button type="button" class="primary" onClick={save} disabled={saving}>
                  {saving ? 'Saving…' : stored ? 'Save check' : 'Create check'}
                </button>
              )}
            </div>
          </div>
          <TestPanel body={() => checkBody(form)} initialMessageId={fromMessage ?? undefined} readOnly={readOnly} onIssues={(found) => {
              setIssues(found);
              setIssuesFrom('test');
            }}
          />
        </div>
      </FieldErrors.Provider>
    </Page>
  );
}

/** /checks/new (optionally ?fromMessage=<id>) and /checks/:id: the five-step editor and its test panel. */
export function CheckEditor({ params }: { params: Record<string, string> }) {
  const { query } = useLocation();
  const id = params.id ? Number(params.id) : null;
  const from = query.get('fromMessage');
  const fromMessage = from && /^\d+$/.test(from) ? Number(from) : null;
  return <Editor key={`${id ?? 'new'}:${fromMessage ?? ''}`} id={id} fromMessage={fromMessage} />;
}
