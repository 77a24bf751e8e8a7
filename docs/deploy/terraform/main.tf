# Bulwark on Cloud Run, stateless HTTP mode: any instance serves any request, so Cloud Run balances and scales freely.
# See README.md next to this file for the steps and the variables, docs/operations.md for what each setting does.

data "google_project" "this" {
  project_id = var.project_id
}

locals {
  # The deterministic URL Cloud Run gives a service: https://<name>-<project number>.<region>.run.app. The server
  # checks the Host header (DNS-rebinding protection), so clients use this name or one of var.allowed_hosts.
  host = "${var.name}-${data.google_project.this.number}.${var.region}.run.app"
  url  = "https://${local.host}"

  # The server's default ports: MCP (/mcp) and management (/health, /ready, /metrics). Cloud Run routes requests
  # to the MCP port only; the management port stays inside the instance, for the probes and the metrics sidecar.
  mcp_port        = 8080
  management_port = 9090

  # Settings held in Secret Manager, as environment variables (the API keys file is mounted instead). The
  # request-state key is one secret for every instance: a client's retry of a multi round-trip request may reach
  # another instance than the one that signed its state.
  secret_env = { for name, secret in {
    MCP_REQUEST_STATE_KEY        = var.request_state_key_secret
    JWT_SECRET                   = var.jwt_secret_secret
    DATABASE_URL                 = var.database_url_secret
    DATABASE_SQL_READER_PASSWORD = var.sql_reader_password_secret
    DATABASE_SQL_WRITER_PASSWORD = var.sql_writer_password_secret
    REDIS_URL                    = var.redis_url_secret
  } : name => secret if secret != null }

  plain_env = merge(
    {
      MCP_ALLOWED_HOSTS   = join(",", concat([local.host], var.allowed_hosts))
      MCP_TRUSTED_PROXIES = join(",", var.trusted_proxies)
      # Cloud Run kills an instance 10 s after SIGTERM, a fixed limit, so the server's own stop ends first:
      # no drain delay (Cloud Run stops routing to an instance before SIGTERM),
      # 3 s for the calls in flight and 6 s for closing (the ports' 1 s stop, at most 5 s to flush the last
      # spans); then it writes out its log lines and ends itself, 1 s before the kill.
      MCP_DRAIN_DELAY = "0s"
      MCP_DRAIN_GRACE = "3s"
      MCP_CLOSE_GRACE = "6s"
    },
    var.api_keys_secret == null ? {} : { MCP_API_KEYS_FILE = "/etc/bulwark/api-keys.json" },
    var.jwt_secret_secret == null ? {} : {
      MCP_JWT_ISSUER   = coalesce(var.jwt_issuer, "unset")
      MCP_RESOURCE_URL = "${local.url}/mcp"
    },
    var.env,
  )

  secrets = toset(compact([
    var.request_state_key_secret, var.api_keys_secret, var.jwt_secret_secret, var.database_url_secret,
    var.sql_reader_password_secret, var.sql_writer_password_secret, var.redis_url_secret,
  ]))
}

# The instances' identity: it may read the secrets (and the sidecar's configuration) and write metrics.
resource "google_service_account" "bulwark" {
  project      = var.project_id
  account_id   = "${var.name}-run"
  display_name = "Bulwark MCP server ${var.name} on Cloud Run"
}

resource "google_secret_manager_secret_iam_member" "bulwark" {
  for_each  = local.secrets
  project   = var.project_id
  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.bulwark.email}"
}

resource "google_cloud_run_v2_service" "bulwark" {
  project             = var.project_id
  name                = var.name
  location            = var.region
  ingress             = var.ingress
  deletion_protection = var.deletion_protection

  template {
    service_account       = google_service_account.bulwark.email
    execution_environment = "EXECUTION_ENVIRONMENT_GEN2"
    # Longer than the longest tool call: batch_operations may take 225 s with the default database settings.
    timeout                          = "300s"
    max_instance_request_concurrency = var.concurrency

    scaling {
      min_instance_count = var.min_instances
      max_instance_count = var.max_instances
    }

    dynamic "vpc_access" {
      for_each = var.vpc_network == null ? [] : [var.vpc_network]
      content {
        egress = "PRIVATE_RANGES_ONLY"
        network_interfaces {
          network    = vpc_access.value
          subnetwork = var.vpc_subnetwork
        }
      }
    }

    containers {
      name  = "bulwark"
      image = var.image
      args  = ["--http", "--host", "0.0.0.0", "--http-mode", "stateless"]

      ports {
        name           = "http1"
        container_port = local.mcp_port
      }

      resources {
        limits = {
          cpu    = var.cpu
          memory = var.memory
        }
        # CPU stays allocated between requests: the log writers flush after the answer has gone, and the metrics
        # sidecar scrapes on its own schedule. The JVM starts faster with the start-up boost.
        cpu_idle          = false
        startup_cpu_boost = true
      }

      dynamic "env" {
        for_each = local.plain_env
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.secret_env
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = env.value
              version = var.secret_version
            }
          }
        }
      }

      dynamic "volume_mounts" {
        for_each = var.api_keys_secret == null ? [] : ["api-keys"]
        content {
          name       = volume_mounts.value
          mount_path = "/etc/bulwark"
        }
      }

      # Traffic starts when the instance is ready (/ready: its required dependencies answer), for up to 2 minutes.
      # Cloud Run has no readiness probe outside preview, so the start-up probe is the gate.
      startup_probe {
        period_seconds    = 5
        timeout_seconds   = 3
        failure_threshold = 24
        http_get {
          path = "/ready"
          port = local.management_port
        }
      }

      # Restarted only when the process itself stops answering (/health), never for a dependency's outage.
      liveness_probe {
        period_seconds    = 10
        timeout_seconds   = 3
        failure_threshold = 3
        http_get {
          path = "/health"
          port = local.management_port
        }
      }
    }

    # Managed Service for Prometheus: scrapes /metrics on the management port into Cloud Monitoring.
    dynamic "containers" {
      for_each = var.managed_prometheus ? [var.prometheus_sidecar_image] : []
      content {
        name       = "prometheus"
        image      = containers.value
        depends_on = ["bulwark"]
        volume_mounts {
          name       = "prometheus-config"
          mount_path = "/etc/rungmp"
        }
      }
    }

    dynamic "volumes" {
      for_each = var.api_keys_secret == null ? [] : [var.api_keys_secret]
      content {
        name = "api-keys"
        secret {
          secret = volumes.value
          items {
            version = var.secret_version
            path    = "api-keys.json"
          }
        }
      }
    }

    dynamic "volumes" {
      for_each = google_secret_manager_secret.prometheus_config
      content {
        name = "prometheus-config"
        secret {
          secret = volumes.value.secret_id
          items {
            version = "latest"
            path    = "config.yaml"
          }
        }
      }
    }
  }

  # A revision reads its secrets as it starts.
  depends_on = [
    google_secret_manager_secret_iam_member.bulwark,
    google_secret_manager_secret_iam_member.prometheus_config,
    google_secret_manager_secret_version.prometheus_config,
  ]

  lifecycle {
    precondition {
      condition     = var.api_keys_secret != null || var.jwt_secret_secret != null
      error_message = "Beyond loopback the server requires authentication: set api_keys_secret, jwt_secret_secret, or both."
    }
    precondition {
      condition     = var.jwt_secret_secret == null || var.jwt_issuer != null
      error_message = "jwt_secret_secret needs jwt_issuer, the iss every token must carry."
    }
    precondition {
      condition     = (var.vpc_network == null) == (var.vpc_subnetwork == null)
      error_message = "Set vpc_network and vpc_subnetwork together."
    }
  }
}

# Bulwark authenticates every caller itself (API keys, JWTs). Cloud Run's IAM check would read the same
# Authorization header as a Google identity token and refuse the API keys, so invocation is left open.
resource "google_cloud_run_v2_service_iam_member" "public" {
  count    = var.public ? 1 : 0
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.bulwark.name
  role     = "roles/run.invoker"
  member   = "allUsers"
}
