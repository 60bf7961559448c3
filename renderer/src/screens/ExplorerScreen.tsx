/**
 * Event explorer: streams by category, event types with counts, search by type or stream, an event opened (its data,
 * its meta — who, where, which command, who approved — and its trace), and the trace tree of a correlation id.
 */

import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ExplorerEvent, TraceNodeDto } from '@fidelis/shared/operations/api.js';
import { useQuery } from '../api/ApiProvider.js';
import { FormField } from '../components/FormField.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { displayEventType, displayTime } from '../format.js';

export function ExplorerScreen() {
  return (
    <section className="screen" aria-labelledby="explorer-title">
      <h1 id="explorer-title">Event explorer</h1>
      <div className="two-columns">
        <Streams />
        <Types />
      </div>
      <Search />
      <Trace />
    </section>
  );
}

function Streams() {
  const [category, setCategory] = useState('');
  const streams = useQuery('explorer.streams', { ...(category ? { category } : {}), offset: 0, limit: 100 });
  return (
    <section className="card" aria-labelledby="streams-title">
      <h2 id="streams-title">Streams</h2>
      <FormField label="Category">
        {(props) => <input {...props} type="text" value={category} onChange={(event) => setCategory(event.target.value)} onKeyDown={(event) => event.key === 'Escape' && setCategory('')} />}
      </FormField>
      {streams.status === 'error' ? <ErrorNotice error={streams.error} /> : null}
      {!streams.data ? (
        <Loading what="streams" />
      ) : streams.data.items.length === 0 ? (
        <Empty>No streams.</Empty>
      ) : (
        <ul className="plain-list">
          {streams.data.items.map((s) => (
            <li key={s.streamId}>
              <code>{s.streamId}</code> · version {s.version}
              {s.lastEventAt ? ` · ${displayTime(s.lastEventAt)}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Types() {
  const types = useQuery('explorer.types', {});
  return (
    <section className="card" aria-labelledby="types-title">
      <h2 id="types-title">Event types</h2>
      {types.status === 'error' ? <ErrorNotice error={types.error} /> : null}
      {!types.data ? (
        <Loading what="event types" />
      ) : (
        <ul className="plain-list">
          {types.data.items.map((t) => (
            <li key={t.type}>
              <code>{t.type}</code> · {t.count.toLocaleString('en-US')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Search() {
  const [text, setText] = useState('');
  const [opened, setOpened] = useState<Pick<ExplorerEvent, 'streamId' | 'version'> | undefined>();
  const results = useQuery('explorer.search', { text, offset: 0, limit: 100 });
  return (
    <section className="card" aria-labelledby="search-title">
      <h2 id="search-title">Search events</h2>
      <FormField label="Event type or stream (any case)">
        {(props) => <input {...props} type="search" value={text} onChange={(event) => setText(event.target.value)} onKeyDown={(event) => event.key === 'Escape' && setText('')} />}
      </FormField>
      {results.status === 'error' ? <ErrorNotice error={results.error} /> : null}
      {results.data ? (
        <table>
          <caption>
            {results.data.total} event{results.data.total === 1 ? '' : 's'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Seq</th>
              <th scope="col">Type</th>
              <th scope="col">Stream</th>
              <th scope="col">Time</th>
              <th scope="col">Correlation</th>
              <th scope="col">
                <span className="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {results.data.items.map((e) => (
              <tr key={e.eventId}>
                <td>{e.seq}</td>
                <td title={e.type}>{displayEventType(e.type)}</td>
                <td>
                  <code>{e.streamId}</code>@{e.version}
                </td>
                <td>{displayTime(e.occurredAt)}</td>
                <td>
                  <code>{e.correlationId}</code>
                </td>
                <td>
                  <button type="button" className="button--small" onClick={() => setOpened({ streamId: e.streamId, version: e.version })} aria-label={`Open event ${e.seq}`}>
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {opened ? <EventDetail key={`${opened.streamId}@${opened.version}`} target={opened} onClose={() => setOpened(undefined)} /> : null}
    </section>
  );
}

/** One event opened: what it says (data), how it came to be (meta) and what it belongs to (its correlation's trace). */
function EventDetail({ target, onClose }: { target: Pick<ExplorerEvent, 'streamId' | 'version'>; onClose: () => void }) {
  const detail = useQuery('explorer.event', target);
  const region = useRef<HTMLDivElement>(null);
  // Opening moves focus to the event, so a keyboard or screen-reader user lands on what they opened.
  useEffect(() => region.current?.focus(), []);
  const event = detail.data?.event;
  return (
    <div ref={region} className="card inspect" role="region" aria-label="Event details" tabIndex={-1}>
      {detail.status === 'error' ? <ErrorNotice error={detail.error} onRetry={detail.reload} /> : null}
      {!event ? (
        detail.status === 'loading' ? <Loading what="the event" /> : null
      ) : (
        <>
          <h3>
            {displayEventType(event.type)} <span className="muted">· {event.streamId} version {event.version} · seq {event.seq}</span>
          </h3>
          <dl className="facts facts--small">
            <div>
              <dt>Occurred</dt>
              <dd>{displayTime(event.occurredAt)}</dd>
            </div>
            <div>
              <dt>Recorded</dt>
              <dd>{displayTime(event.recordedAt)}</dd>
            </div>
            <div>
              <dt>Type</dt>
              <dd>
                <code>{event.type}</code>
              </dd>
            </div>
          </dl>
          <div className="two-columns">
            <div>
              <h4>Data</h4>
              <pre tabIndex={0} aria-label="Event data">{JSON.stringify(event.data, null, 2)}</pre>
            </div>
            <div>
              <h4>Meta</h4>
              <pre tabIndex={0} aria-label="Event meta">{JSON.stringify(event.meta, null, 2)}</pre>
            </div>
          </div>
          <h4>Trace of {detail.data!.trace.correlationId}</h4>
          <TraceTree nodes={detail.data!.trace.nodes} />
        </>
      )}
      <button type="button" onClick={onClose}>
        Close event
      </button>
    </div>
  );
}

function Trace() {
  const [draft, setDraft] = useState('');
  const [correlationId, setCorrelationId] = useState<string | null>(null);
  const trace = useQuery('explorer.trace', correlationId ? { correlationId } : null);
  return (
    <section className="card" aria-labelledby="trace-title">
      <h2 id="trace-title">Trace</h2>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          setCorrelationId(draft.trim() || null);
        }}
      >
        <FormField label="Correlation id">
          {(props) => <input {...props} type="text" value={draft} onChange={(event) => setDraft(event.target.value)} onKeyDown={(event) => event.key === 'Escape' && setDraft('')} />}
        </FormField>
        <button type="submit">Trace</button>
      </form>
      {correlationId === null ? null : trace.status === 'error' ? (
        <ErrorNotice error={trace.error} />
      ) : trace.data ? (
        <TraceTree nodes={trace.data.nodes} />
      ) : (
        <Loading what="the trace" />
      )}
    </section>
  );
}

function TraceTree({ nodes }: { nodes: readonly TraceNodeDto[] }) {
  const children = new Map<string | null, TraceNodeDto[]>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const node of nodes) {
    const parent = node.parentId !== null && ids.has(node.parentId) ? node.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), node]);
  }
  const render = (parent: string | null): ReactNode => {
    const list = children.get(parent);
    if (!list) return null;
    return (
      <ul role={parent === null ? 'tree' : 'group'} aria-label={parent === null ? 'Causation tree' : undefined}>
        {list.map((node) => (
          <li key={node.id} role="treeitem" aria-expanded={children.has(node.id) ? true : undefined} aria-selected={false}>
            <span className={`badge badge--${node.kind}`}>{node.kind}</span> {node.type}
            {node.streamId ? <code> {node.streamId}</code> : null}
            {node.at ? <span className="muted"> {displayTime(node.at)}</span> : null}
            {render(node.id)}
          </li>
        ))}
      </ul>
    );
  };
  return nodes.length === 0 ? <Empty>Nothing carries this correlation id.</Empty> : <>{render(null)}</>;
}
