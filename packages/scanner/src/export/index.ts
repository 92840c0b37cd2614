// `@authboundary/scanner/export`: the senders behind `authboundary export`, for programs that send
// the counts themselves. They load the optional peer dependencies (OpenTelemetry SDK and OTLP
// exporter, prom-client), which the package's main entry never imports.
export { exportOtlp, otlpMetricsUrl } from './otlp-export.js';
export { pushToGateway, prometheusRegistry, groupingKeyOf } from './pushgateway-export.js';
export { EXPORTER_PACKAGES, requireExporterPackages, type ExportDestination } from './exporter-packages.js';
