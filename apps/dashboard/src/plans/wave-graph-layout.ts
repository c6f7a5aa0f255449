/** A wave as the graph draws it. `dependsOn` contains the ids of other waves. */
export interface GraphWave {
  id: string;
  label: string;
  dependsOn: string[];
}

export interface GraphBox {
  id: string;
  label: string;
  column: number;
  row: number;
  x: number;
  y: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** True for an edge that points back to an earlier or the same column, which only a cycle causes. */
  backward: boolean;
}

export interface GraphLayout {
  boxes: GraphBox[];
  edges: GraphEdge[];
  /** The waves of each column, first column first. */
  columns: string[][];
  width: number;
  height: number;
}

export const BOX_WIDTH = 168;
export const BOX_HEIGHT = 44;
const COLUMN_GAP = 56;
const ROW_GAP = 20;
const MARGIN = 12;

/**
 * Places each wave in the column of its dependency depth: waves without dependencies in column 0,
 * any other wave one column right of its deepest dependency. Inside a column, waves keep the
 * plan's order. A dependency that closes a cycle is not followed, so a cycle still draws.
 */
export function layoutWaveGraph(waves: GraphWave[]): GraphLayout {
  const byId = new Map(waves.map((wave) => [wave.id, wave]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();

  const depthOf = (wave: GraphWave): number => {
    const known = depth.get(wave.id);
    if (known !== undefined) {
      return known;
    }
    visiting.add(wave.id);
    let value = 0;
    for (const dependencyId of wave.dependsOn) {
      const dependency = byId.get(dependencyId);
      if (dependency && !visiting.has(dependency.id)) {
        value = Math.max(value, depthOf(dependency) + 1);
      }
    }
    visiting.delete(wave.id);
    depth.set(wave.id, value);

    return value;
  };

  const columns: string[][] = [];
  const boxes: GraphBox[] = [];
  for (const wave of waves) {
    const column = depthOf(wave);
    while (columns.length <= column) {
      columns.push([]);
    }
    const row = columns[column].length;
    columns[column].push(wave.id);
    boxes.push({
      id: wave.id,
      label: wave.label,
      column,
      row,
      x: MARGIN + column * (BOX_WIDTH + COLUMN_GAP),
      y: MARGIN + row * (BOX_HEIGHT + ROW_GAP),
    });
  }

  const edges: GraphEdge[] = waves.flatMap((wave) =>
    wave.dependsOn
      .filter((dependencyId) => byId.has(dependencyId))
      .map((dependencyId) => ({
        from: dependencyId,
        to: wave.id,
        backward: (depth.get(dependencyId) ?? 0) >= (depth.get(wave.id) ?? 0),
      })),
  );

  const rows = Math.max(1, ...columns.map((column) => column.length));

  return {
    boxes,
    edges,
    columns,
    width:
      MARGIN * 2 + Math.max(1, columns.length) * BOX_WIDTH + Math.max(0, columns.length - 1) * COLUMN_GAP,
    height: MARGIN * 2 + rows * BOX_HEIGHT + (rows - 1) * ROW_GAP,
  };
}

function listNames(names: string[]): string {
  if (names.length <= 1) {
    return names.join('');
  }

  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Summarises the graph for screen readers, such as "Wave graph: Database, then App and Cache, then Web". */
export function describeWaveGraph(layout: GraphLayout, hasCycle: boolean): string {
  if (layout.boxes.length === 0) {
    return 'Wave graph: no waves yet';
  }
  const labelOf = new Map(layout.boxes.map((box) => [box.id, box.label]));
  const steps = layout.columns.map((column) => listNames(column.map((id) => labelOf.get(id) ?? id)));
  const summary = `Wave graph: ${steps.join(', then ')}`;

  return hasCycle ? `${summary}. The dependencies form a cycle.` : summary;
}

/** Lists each dependency in words, such as "Web depends on App.", for the graph's description. */
export function describeDependencies(waves: GraphWave[]): string {
  const labelOf = new Map(waves.map((wave) => [wave.id, wave.label]));
  const sentences = waves
    .filter((wave) => wave.dependsOn.length > 0)
    .map(
      (wave) => `${wave.label} depends on ${listNames(wave.dependsOn.map((id) => labelOf.get(id) ?? id))}.`,
    );

  return sentences.length > 0 ? sentences.join(' ') : 'No wave depends on another.';
}

/** Shortens a label to fit a box, with an ellipsis. The full label stays in the box's title. */
export function fitLabel(label: string, maxCharacters = 20): string {
  return label.length <= maxCharacters ? label : `${label.slice(0, maxCharacters - 1)}…`;
}
