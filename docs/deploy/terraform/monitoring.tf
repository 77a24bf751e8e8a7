# Metrics into Cloud Monitoring, and alert policies made from docs/deploy/prometheus/bulwark-alerts.yml.

# The sidecar's scrape configuration (RunMonitoring): the management port's /metrics every 30 s, job "bulwark".
resource "google_secret_manager_secret" "prometheus_config" {
  count     = var.managed_prometheus ? 1 : 0
  project   = var.project_id
  secret_id = "${var.name}-prometheus-config"
  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "prometheus_config" {
  count  = var.managed_prometheus ? 1 : 0
  secret = google_secret_manager_secret.prometheus_config[0].id
  secret_data = yamlencode({
    apiVersion = "monitoring.googleapis.com/v1beta"
    kind       = "RunMonitoring"
    metadata   = { name = "bulwark" }
    spec = {
      endpoints = [{ port = tostring(local.management_port), path = "/metrics", interval = "30s" }]
    }
  })
}

resource "google_secret_manager_secret_iam_member" "prometheus_config" {
  count     = var.managed_prometheus ? 1 : 0
  project   = var.project_id
  secret_id = google_secret_manager_secret.prometheus_config[0].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.bulwark.email}"
}

resource "google_project_iam_member" "metric_writer" {
  count   = var.managed_prometheus ? 1 : 0
  project = var.project_id
  role    = "roles/monitoring.metricWriter"
  member  = "serviceAccount:${google_service_account.bulwark.email}"
}

locals {
  alert_rules = yamldecode(file(coalesce(var.alert_rules_file, "${path.module}/../prometheus/bulwark-alerts.yml")))

  # Every rule but those on up{}, Prometheus' own series of a scrape target, which the sidecar does not write (on
  # Cloud Run a failing instance is restarted by its liveness probe, for BulwarkDown; the policy "instances" below
  # stands for BulwarkAbsent), and BulwarkSessionCapReached (the stateless mode has no sessions). Each query is
  # narrowed to this service: the sidecar labels every series with namespace = the service's name.
  alert_rule_list = flatten([for group in local.alert_rules.groups : [for rule in group.rules : {
    group    = group.name
    alert    = rule.alert
    expr     = trimspace(rule.expr)
    after    = try(rule["for"], "0s")
    severity = try(rule.labels.severity, "warning")
    summary  = try(rule.annotations.summary, rule.alert)
    runbook  = try(rule.annotations.runbook_url, "docs/runbook.md")
  }]])

  prometheus_alerts = {
    for rule in local.alert_rule_list : rule.alert => merge(rule, {
      query = replace(
        replace(rule.expr, "/\\b((?:mcp|bulwark)_[a-z0-9_]+)\\{/", "$1{namespace=\"${var.name}\","),
        "/\\b((?:mcp|bulwark)_[a-z0-9_]+)([\\[) ])/", "$1{namespace=\"${var.name}\"}$2"
      )
      seconds = tonumber(regex("^([0-9]+)[smh]$", rule.after)[0]) * lookup({ s = 1, m = 60, h = 3600 }, regex("[smh]$", rule.after))
    }) if var.managed_prometheus && !strcontains(rule.expr, "up{") && rule.alert != "BulwarkSessionCapReached"
  }
}

resource "google_monitoring_alert_policy" "prometheus" {
  for_each              = local.prometheus_alerts
  project               = var.project_id
  display_name          = "${var.name}: ${each.key}"
  combiner              = "OR"
  severity              = upper(each.value.severity)
  notification_channels = var.notification_channels

  conditions {
    display_name = replace(each.value.summary, " on {{ $labels.instance }}", "")
    condition_prometheus_query_language {
      query               = each.value.query
      duration            = "${each.value.seconds}s"
      evaluation_interval = "60s"
      rule_group          = each.value.group
      alert_rule          = each.key
      labels              = { severity = each.value.severity }
      # The meters appear with the first call that uses them, so a new service has none yet.
      disable_metric_validation = true
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Alert ${each.key} of docs/deploy/prometheus/bulwark-alerts.yml on the Cloud Run service ${var.name}. What it means, what to look at and what to do: ${each.value.runbook} in the Bulwark repository."
  }
}

# BulwarkAbsent on Cloud Run: fewer running instances than one for 5 minutes, or no report at all.
resource "google_monitoring_alert_policy" "instances" {
  count                 = var.min_instances > 0 ? 1 : 0
  project               = var.project_id
  display_name          = "${var.name}: BulwarkAbsent"
  combiner              = "OR"
  severity              = "CRITICAL"
  notification_channels = var.notification_channels

  conditions {
    display_name = "No instance of ${var.name} is running"
    condition_threshold {
      filter                  = "resource.type = \"cloud_run_revision\" AND resource.labels.service_name = \"${var.name}\" AND metric.type = \"run.googleapis.com/container/instance_count\""
      comparison              = "COMPARISON_LT"
      threshold_value         = 1
      duration                = "300s"
      evaluation_missing_data = "EVALUATION_MISSING_DATA_ACTIVE"
      aggregations {
        alignment_period     = "60s"
        per_series_aligner   = "ALIGN_MAX"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["resource.labels.service_name"]
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "No instance of the Cloud Run service ${var.name} has run for 5 minutes although min_instances is ${var.min_instances}: its revision fails to start (see its logs) or the service is gone. What to look at and what to do: docs/runbook.md#bulwarkabsent in the Bulwark repository."
  }
}
