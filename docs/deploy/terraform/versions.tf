# Terraform 1.5 or later (preconditions, yamldecode); the Google provider 6.13 or later (the alert policies'
# disable_metric_validation), up to 7.x. scripts/check-deploy.sh checks every resource, block and attribute here
# against the provider's schema (6.50).
terraform {
  required_version = ">= 1.5"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.13, < 8.0"
    }
  }
}
