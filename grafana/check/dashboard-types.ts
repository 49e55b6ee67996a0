// Types the dashboard JSON must satisfy: Grafana's own dashboard and panel-option types from
// @grafana/schema (the version pinned in package.json), adapted to JSON in two ways:
// - `Json<T>` turns string enums into the union of their values ("list", "table", ...), because a
//   JSON file holds strings, not enum members; numeric enums keep accepting their member values.
// - panel options, custom field config and queries get the type of the panel plugin and data
//   source they belong to, instead of the open `Record<string, unknown>` of the generic Panel, so
//   a misspelt or unknown option is an error.
import type {
  AnnotationQuery,
  DataQuery,
  Dashboard,
  FieldConfig,
  FieldConfigSource,
  Panel,
  RowPanel,
} from '@grafana/schema';
import type * as BarGauge from '@grafana/schema/dist/esm/raw/composable/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen';
import type * as Stat from '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';
import type * as StateTimeline from '@grafana/schema/dist/esm/raw/composable/statetimeline/panelcfg/x/StateTimelinePanelCfg_types.gen';
import type * as TimeSeries from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';

export type Json<T> = T extends string
  ? string extends T
    ? string
    : `${T}`
  : T extends number | boolean | null | undefined
    ? T
    : T extends ReadonlyArray<infer E>
      ? Array<Json<E>>
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T;

/**
 * The query model of Grafana's Prometheus data source (PromQuery in Grafana's
 * public/app/plugins/datasource/prometheus/dataquery.gen.ts), the fields this dashboard uses.
 * @grafana/schema does not ship it.
 */
export interface PrometheusQuery extends DataQuery {
  expr: string;
  legendFormat?: string;
  range?: boolean;
  instant?: boolean;
  format?: 'time_series' | 'table' | 'heatmap';
  editorMode?: 'code' | 'builder';
  interval?: string;
  intervalFactor?: number;
  exemplar?: boolean;
}

type StrictFieldConfigSource<Custom> = Omit<FieldConfigSource, 'defaults'> & {
  defaults: Omit<FieldConfig, 'custom'> & { custom?: Custom };
};

type PanelOf<Type extends string, Options, Custom> = Omit<Panel, 'type' | 'options' | 'fieldConfig' | 'targets'> & {
  type: Type;
  options: Options;
  fieldConfig: StrictFieldConfigSource<Custom>;
  targets: PrometheusQuery[];
};

/** Panels without custom field config of their own. */
type NoCustom = Record<string, never>;

export type TimeSeriesPanel = Json<PanelOf<'timeseries', TimeSeries.Options, TimeSeries.FieldConfig>>;
export type StatPanel = Json<PanelOf<'stat', Stat.Options, NoCustom>>;
export type StateTimelinePanel = Json<PanelOf<'state-timeline', StateTimeline.Options, StateTimeline.FieldConfig>>;
export type BarGaugePanel = Json<PanelOf<'bargauge', BarGauge.Options, NoCustom>>;
export type Row = Json<Omit<RowPanel, 'panels'> & { panels: never[] }>;

/**
 * An annotation: Grafana's type with a Prometheus query as its target, and the fields the
 * Prometheus data source's annotation support adds (Grafana's
 * public/app/plugins/datasource/prometheus/annotations.ts).
 */
export type Annotation = Json<AnnotationQuery<PrometheusQuery>> & {
  titleFormat?: string;
  textFormat?: string;
  tagKeys?: string;
  useValueForTime?: boolean;
};

/** The dashboard without its panels, which are checked one by one with the types above. */
export type DashboardWithoutPanels = Json<Omit<Dashboard, 'panels' | 'annotations'>> & {
  annotations?: { list?: Annotation[] };
};
