# mfa-enroll's member role, for every account the app serves other than its own (MFA_ACCOUNTS=organization or a
# list of account ids): the Terraform twin of member-role.cfn.yaml. Use this file as a module, once per member
# account with that account's provider; see docs/multi-account.md. The permissions are exactly the app's own
# least-privilege policy: IamPermissionsTest fails when this file and the app's code disagree.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 4.0"
    }
  }
}

variable "app_role_arn" {
  type        = string
  description = "ARN of the role the mfa-enroll app runs as, e.g. arn:aws:iam::111122223333:role/mfa-enroll-app."
}

variable "role_name" {
  type        = string
  default     = "mfa-enroll"
  description = "Name of the member role; the app's MFA_MEMBER_ROLE must say the same."
}

variable "external_id" {
  type        = string
  default     = ""
  description = "The app's MFA_MEMBER_ROLE_EXTERNAL_ID; leave empty when it is not set."
}

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  account_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}"
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "TrustTheAppRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = [var.app_role_arn]
    }
    # The trust policy asks for sts:ExternalId only when one is configured.
    dynamic "condition" {
      for_each = var.external_id == "" ? [] : [var.external_id]
      content {
        test     = "StringEquals"
        variable = "sts:ExternalId"
        values   = [condition.value]
      }
    }
  }
}

data "aws_iam_policy_document" "iam" {
  statement {
    sid    = "AccountWideReads"
    effect = "Allow"
    actions = [
      "iam:ListUsers",
      "iam:ListVirtualMFADevices",
      "iam:ListAccountAliases",
      "iam:GenerateCredentialReport",
      "iam:GetCredentialReport",
    ]
    resources = ["*"]
  }
  statement {
    sid    = "ManageVirtualDevices"
    effect = "Allow"
    actions = [
      "iam:CreateVirtualMFADevice",
      "iam:TagMFADevice",
      "iam:DeleteVirtualMFADevice",
    ]
    resources = ["${local.account_arn}:mfa/*"]
  }
  statement {
    sid    = "ReadUsersAndBindDevices"
    effect = "Allow"
    actions = [
      "iam:GetUser",
      "iam:GetLoginProfile",
      "iam:ListUserTags",
      "iam:ListMFADevices",
      "iam:EnableMFADevice",
      "iam:ResyncMFADevice",
      "iam:DeactivateMFADevice",
      "iam:DeleteLoginProfile",
    ]
    resources = ["${local.account_arn}:user/*"]
  }
}

resource "aws_iam_role" "member" {
  name               = var.role_name
  description        = "Assumed by the mfa-enroll app to enroll, resync and reset IAM users' virtual MFA devices."
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "member" {
  name   = "mfa-enroll"
  role   = aws_iam_role.member.id
  policy = data.aws_iam_policy_document.iam.json
}

output "member_role_arn" {
  description = "The role the app assumes in this account."
  value       = aws_iam_role.member.arn
}
