/** The day's volume by hour as a plain SVG bar chart: deposits and withdrawals side by side, scaled with integers only. */

import type { DashboardCurrency } from '@fidelis/shared/dashboard/api.js';
import { displayMoney, minorOf } from '../format.js';

const WIDTH = 720;
const HEIGHT = 200;
const PAD = 28;

export function VolumeChart({ data }: { data: DashboardCurrency }) {
  const { currency, hourly } = data;
  const values = hourly.map((h) => ({ hour: h.hour, deposits: minorOf(h.deposits, currency), withdrawals: minorOf(h.withdrawals, currency) }));
  const max = values.reduce((m, v) => (v.deposits > m ? v.deposits : v.withdrawals > m ? v.withdrawals : m), 0n);
  const slot = (WIDTH - PAD) / Math.max(1, values.length);
  const bar = Math.max(2, slot / 2 - 2);
  const plot = HEIGHT - PAD;
  // Heights in tenths of a percent, computed in bigint: no amount ever becomes a float.
  const heightOf = (value: bigint): number => (max === 0n ? 0 : (Number((value * 1000n) / max) * plot) / 1000);
  const summary = `Volume by hour in ${currency}: deposits ${displayMoney(data.deposits.total, currency)}, withdrawals ${displayMoney(data.withdrawals.total, currency)}.`;

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} width="100%" preserveAspectRatio="xMidYMid meet">
        <line x1={PAD} y1={plot} x2={WIDTH} y2={plot} className="chart__axis" />
        {values.map((v, i) => {
          const x = PAD + i * slot;
          const d = heightOf(v.deposits);
          const w = heightOf(v.withdrawals);
          return (
            <g key={v.hour}>
              <rect x={x + 1} y={plot - d} width={bar} height={d} className="chart__deposit">
                <title>{`${String(v.hour).padStart(2, '0')}:00 deposits ${displayMoney(hourly[i]!.deposits, currency)}`}</title>
              </rect>
              <rect x={x + 1 + bar} y={plot - w} width={bar} height={w} className="chart__withdrawal">
                <title>{`${String(v.hour).padStart(2, '0')}:00 withdrawals ${displayMoney(hourly[i]!.withdrawals, currency)}`}</title>
              </rect>
              {i % 3 === 0 ? (
                <text x={x + slot / 2} y={HEIGHT - 8} className="chart__label" textAnchor="middle">
                  {String(v.hour).padStart(2, '0')}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="legend legend--deposit">Deposits</span> <span className="legend legend--withdrawal">Withdrawals</span> per hour of the day
      </figcaption>
    </figure>
  );
}
