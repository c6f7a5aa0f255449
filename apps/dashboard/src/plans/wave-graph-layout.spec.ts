import {
  describeDependencies,
  describeWaveGraph,
  fitLabel,
  GraphWave,
  layoutWaveGraph,
} from './wave-graph-layout';

const threeTier: GraphWave[] = [
  { id: 'db', label: 'Database', dependsOn: [] },
  { id: 'app', label: 'App', dependsOn: ['db'] },
  { id: 'cache', label: 'Cache', dependsOn: ['db'] },
  { id: 'web', label: 'Web', dependsOn: ['app', 'cache'] },
];

describe('layoutWaveGraph', () => {
  it('puts waves in columns by dependency depth', () => {
    const layout = layoutWaveGraph(threeTier);

    expect(layout.columns).toEqual([['db'], ['app', 'cache'], ['web']]);
  });

  it('uses the deepest dependency', () => {
    const layout = layoutWaveGraph([
      { id: 'web', label: 'Web', dependsOn: ['db', 'app'] },
      { id: 'db', label: 'Database', dependsOn: [] },
      { id: 'app', label: 'App', dependsOn: ['db'] },
    ]);

    expect(layout.columns).toEqual([['db'], ['app'], ['web']]);
  });

  it('draws one edge per dependency', () => {
    const layout = layoutWaveGraph(threeTier);

    expect(layout.edges).toEqual([
      { from: 'db', to: 'app', backward: false },
      { from: 'db', to: 'cache', backward: false },
      { from: 'app', to: 'web', backward: false },
      { from: 'cache', to: 'web', backward: false },
    ]);
  });

  it('places boxes apart and sizes the drawing', () => {
    const layout = layoutWaveGraph(threeTier);
    const app = layout.boxes.find((box) => box.id === 'app');
    const cache = layout.boxes.find((box) => box.id === 'cache');

    expect(app?.x).toBe(cache?.x);
    expect(cache?.y).toBeGreaterThan(app?.y ?? Infinity);
    expect(layout.width).toBeGreaterThan(Math.max(...layout.boxes.map((box) => box.x)));
    expect(layout.height).toBeGreaterThan(Math.max(...layout.boxes.map((box) => box.y)));
  });

  it('still lays out a cycle', () => {
    const layout = layoutWaveGraph([
      { id: 'a', label: 'A', dependsOn: ['b'] },
      { id: 'b', label: 'B', dependsOn: ['a'] },
    ]);

    expect(layout.boxes).toHaveLength(2);
    expect(layout.edges.filter((edge) => edge.backward)).toHaveLength(1);
  });

  it('skips dependencies on unknown waves', () => {
    const layout = layoutWaveGraph([{ id: 'a', label: 'A', dependsOn: ['gone'] }]);

    expect(layout.edges).toEqual([]);
    expect(layout.columns).toEqual([['a']]);
  });
});

describe('describeWaveGraph', () => {
  it('reads the columns in order', () => {
    expect(describeWaveGraph(layoutWaveGraph(threeTier), false)).toBe(
      'Wave graph: Database, then App and Cache, then Web',
    );
  });

  it('mentions a cycle', () => {
    expect(describeWaveGraph(layoutWaveGraph(threeTier), true)).toBe(
      'Wave graph: Database, then App and Cache, then Web. The dependencies form a cycle.',
    );
  });

  it('handles a plan without waves', () => {
    expect(describeWaveGraph(layoutWaveGraph([]), false)).toBe('Wave graph: no waves yet');
  });
});

describe('describeDependencies', () => {
  it('lists each dependency', () => {
    expect(describeDependencies(threeTier)).toBe(
      'App depends on Database. Cache depends on Database. Web depends on App and Cache.',
    );
  });

  it('says when there is none', () => {
    expect(describeDependencies([{ id: 'a', label: 'A', dependsOn: [] }])).toBe(
      'No wave depends on another.',
    );
  });
});

describe('fitLabel', () => {
  it('keeps a short label', () => {
    expect(fitLabel('Database')).toBe('Database');
  });

  it('shortens a long label', () => {
    expect(fitLabel('A very long wave name indeed', 10)).toBe('A very lo…');
  });
});
