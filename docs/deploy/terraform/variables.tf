variable "project_id" {
  description = "Google Cloud project to deploy into."
  type        = string
}

variable "region" {
  description = "Cloud Run region, for example europe-west1."
  type        = string
}

variable "name" {
  description = "Name of the Cloud Run service; the service account is <name>-run."
  type        = string
  default     = "bulwark"
}

variable "image" {
  description = "The server image (docs/deploy/Dockerfile), pushed to Artifact Registry; pin it by digest."
  type        = string
}

variable "min_instances" {
  description = "Instances kept running. 1 or more avoids the JVM's cold start on the first call and keeps the alert on instances meaningful."
  type        = number
  default     = 1
}

variable "max_instances" {
  description = "Most instances Cloud Run starts."
  type        = number
  default     = 10
}

variable "concurrency" {
  description = "Requests one instance receives at once. 64 = the server's limits.max-concurrent-calls, so Cloud Run starts another instance before the server refuses calls as busy."
  type        = number
  default     = 64
}

variable "cpu" {
  description = "CPUs per instance (Cloud Run accepts 1, 2, 4, 6 or 8)."
  type        = string
  default     = "1"
}

variable "memory" {
  description = "Memory per instance; the heap is 75 % of it."
  type        = string
  default     = "1Gi"
}

variable "request_state_key_secret" {
  description = "Secret Manager secret holding MCP_REQUEST_STATE_KEY, the key that signs the state of MCP 2026-07-28 multi round-trip requests (32 bytes at least). Every instance reads the same one, so any instance can continue an exchange another began."
  type        = string
}

variable "api_keys_secret" {
  description = "Secret Manager secret (its ID, in this project) holding the API keys file, api-keys.json. At least one of it and jwt_secret_secret is needed."
  type        = string
  default     = null
}

variable "jwt_secret_secret" {
  description = "Secret Manager secret holding JWT_SECRET, the HS256 token secret (32 bytes at least). Needs jwt_issuer."
  type        = string
  default     = null
}

variable "jwt_issuer" {
  description = "The iss every bearer token must carry (MCP_JWT_ISSUER); needed with jwt_secret_secret."
  type        = string
  default     = null
}

variable "database_url_secret" {
  description = "Secret Manager secret holding DATABASE_URL (postgres:// or JDBC URL). Unset: the embedded H2, per instance."
  type        = string
  default     = null
}

variable "sql_reader_password_secret" {
  description = "Secret Manager secret holding DATABASE_SQL_READER_PASSWORD, the password of bulwark_sql_reader. Set with sql_writer_password_secret; unset: the SQL tools switch roles (weaker)."
  type        = string
  default     = null
}

variable "sql_writer_password_secret" {
  description = "Secret Manager secret holding DATABASE_SQL_WRITER_PASSWORD, the password of bulwark_sql_writer."
  type        = string
  default     = null
}

variable "redis_url_secret" {
  description = "Secret Manager secret holding REDIS_URL (redis:// or rediss://). Unset: cache and rate limits per instance."
  type        = string
  default     = null
}

variable "secret_version" {
  description = "Version of every secret to read; \"latest\" follows rotations at the next new instance."
  type        = string
  default     = "latest"
}

variable "allowed_hosts" {
  description = "Host names clients use besides the service's run.app name (custom domains), for MCP_ALLOWED_HOSTS."
  type        = list(string)
  default     = []
}

variable "trusted_proxies" {
  description = "Addresses whose X-Forwarded-For names the client (MCP_TRUSTED_PROXIES). Cloud Run's front end connects from a link-local address, which nothing outside can use."
  type        = list(string)
  default     = ["169.254.0.0/16"]
}

variable "env" {
  description = "More settings as environment variables (docs/configuration.md), for example { RATE_LIMIT = \"120\" }."
  type        = map(string)
  default     = {}
}

variable "vpc_network" {
  description = "VPC network for Direct VPC egress, to reach Memorystore or a private PostgreSQL; null = none."
  type        = string
  default     = null
}

variable "vpc_subnetwork" {
  description = "Subnetwork of vpc_network the instances take their addresses from."
  type        = string
  default     = null
}

variable "ingress" {
  description = "Who may reach the service: INGRESS_TRAFFIC_ALL, INGRESS_TRAFFIC_INTERNAL_ONLY or INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER."
  type        = string
  default     = "INGRESS_TRAFFIC_ALL"
}

variable "public" {
  description = "Let anyone invoke the service (allUsers gets run.invoker). Bulwark authenticates every caller itself; Cloud Run's own IAM check would read the same Authorization header and refuse API keys."
  type        = bool
  default     = true
}

variable "managed_prometheus" {
  description = "Run the Managed Service for Prometheus sidecar, which scrapes /metrics on the management port into Cloud Monitoring; the alert policies on the server's metrics need it."
  type        = bool
  default     = true
}

variable "prometheus_sidecar_image" {
  description = "Image of the Managed Service for Prometheus sidecar for Cloud Run."
  type        = string
  default     = "us-docker.pkg.dev/cloud-ops-agents-artifacts/cloud-run-gmp-sidecar/cloud-run-gmp-sidecar:1.8.0"
}

variable "alert_rules_file" {
  description = "The Prometheus alert rules the alert policies are made from."
  type        = string
  default     = null
}

variable "notification_channels" {
  description = "Cloud Monitoring notification channels (projects/<project>/notificationChannels/<id>) the alert policies notify."
  type        = list(string)
  default     = []
}

variable "deletion_protection" {
  description = "Refuse to destroy the service until this is set to false and applied."
  type        = bool
  default     = true
}
