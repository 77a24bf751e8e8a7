output "url" {
  description = "The MCP endpoint clients connect to."
  value       = "${local.url}/mcp"
}

output "service_account_email" {
  description = "The instances' service account."
  value       = google_service_account.bulwark.email
}

output "alert_policies" {
  description = "Names of the alert policies created."
  value       = concat([for p in google_monitoring_alert_policy.prometheus : p.name], google_monitoring_alert_policy.instances[*].name)
}
