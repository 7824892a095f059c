import CoreMetrics
import Metrics
import Prometheus

/// Process-wide swift-metrics bootstrap onto one Prometheus registry.
public enum MetricsSetup {
    /// The registry every metric is recorded in and `/metrics` renders.
    public static let registry = PrometheusCollectorRegistry()

    /// Installs the Prometheus factory once per process (later calls are no-ops).
    public static func bootstrap() {
        once.run { MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry)) }
    }

    /// The Prometheus text exposition of every metric.
    public static func render() -> String { registry.emitToString() }

    private static let once = Once()
}
