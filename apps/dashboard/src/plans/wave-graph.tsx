import { useId, useMemo } from 'react';

import {
  BOX_HEIGHT,
  BOX_WIDTH,
  describeDependencies,
  describeWaveGraph,
  fitLabel,
  GraphBox,
  GraphWave,
  layoutWaveGraph,
} from './wave-graph-layout';

// Cloudscape's light-mode greys and blues and its error red, so the drawing matches the page.
const COLORS = {
  box: '#ffffff',
  border: '#7d8998',
  cycleBorder: '#d91515',
  edge: '#0972d3',
  text: '#000716',
};

function edgePath(from: GraphBox, to: GraphBox, backward: boolean): string {
  if (backward) {
    // A dependency that closes a cycle points back, so it loops below the boxes to stay visible.
    const startX = from.x + BOX_WIDTH / 2;
    const endX = to.x + BOX_WIDTH / 2 + 8;
    const bottom = Math.max(from.y, to.y) + BOX_HEIGHT;
    return `M ${startX} ${from.y + BOX_HEIGHT} C ${startX} ${bottom + 28}, ${endX} ${bottom + 28}, ${endX} ${to.y + BOX_HEIGHT + 2}`;
  }
  const startX = from.x + BOX_WIDTH;
  const startY = from.y + BOX_HEIGHT / 2;
  const endX = to.x - 2;
  const endY = to.y + BOX_HEIGHT / 2;
  const bend = (endX - startX) / 2;

  return `M ${startX} ${startY} C ${startX + bend} ${startY}, ${endX - bend} ${endY}, ${endX} ${endY}`;
}

/**
 * Draws the waves of a plan as boxes in columns by dependency depth, with an arrow from each wave to
 * the waves that wait for it. Waves on a dependency cycle get a red border. Screen readers get
 * the column order as the title and every dependency in words as the description.
 */
export function WaveGraph({ waves, cycleIds }: { waves: GraphWave[]; cycleIds: ReadonlySet<string> }) {
  // React ids contain colons, which url(#...) references in SVG do not accept everywhere.
  const id = `wave-graph${useId().replace(/:/g, '')}`;
  const layout = useMemo(() => layoutWaveGraph(waves), [waves]);
  const boxById = new Map(layout.boxes.map((box) => [box.id, box]));
  const title = describeWaveGraph(layout, cycleIds.size > 0);
  const hasBackward = layout.edges.some((edge) => edge.backward);
  const height = layout.height + (hasBackward ? 40 : 0);

  return (
    <div style={{ overflowX: 'auto' }}>
      <svg
        data-testid="wave-graph"
        role="img"
        aria-label={title}
        aria-describedby={`${id}-desc`}
        width={layout.width}
        height={height}
        viewBox={`0 0 ${layout.width} ${height}`}
        style={{ display: 'block', fontFamily: 'inherit' }}
      >
        <title>{title}</title>
        <desc id={`${id}-desc`}>{describeDependencies(waves)}</desc>
        <defs>
          <marker
            id={`${id}-arrow`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill={COLORS.edge} />
          </marker>
        </defs>
        {layout.edges.map((edge) => {
          const from = boxById.get(edge.from);
          const to = boxById.get(edge.to);
          if (!from || !to) {
            return null;
          }

          return (
            <path
              key={`${edge.from}->${edge.to}`}
              d={edgePath(from, to, edge.backward)}
              fill="none"
              stroke={edge.backward ? COLORS.cycleBorder : COLORS.edge}
              strokeWidth={1.5}
              strokeDasharray={edge.backward ? '5 3' : undefined}
              markerEnd={`url(#${id}-arrow)`}
            />
          );
        })}
        {layout.boxes.map((box) => (
          <g key={box.id}>
            <title>{box.label}</title>
            <rect
              x={box.x}
              y={box.y}
              width={BOX_WIDTH}
              height={BOX_HEIGHT}
              rx={8}
              fill={COLORS.box}
              stroke={cycleIds.has(box.id) ? COLORS.cycleBorder : COLORS.border}
              strokeWidth={cycleIds.has(box.id) ? 2 : 1}
            />
            <text
              x={box.x + BOX_WIDTH / 2}
              y={box.y + BOX_HEIGHT / 2}
              textAnchor="middle"
              dominantBaseline="central"
              fontSize={14}
              fill={COLORS.text}
            >
              {fitLabel(box.label)}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
