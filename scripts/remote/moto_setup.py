"""Prepares a moto S3 server for ghirbal's remote tests.

Usage: moto_setup.py ENDPOINT BUCKET [--auth]

Creates BUCKET. With --auth, also creates an IAM user with an access key allowed everything,
switches moto's request authentication on (so a wrong secret is refused as real S3 refuses
it) and prints the shell exports of that key. moto 5.2 checks signatures of listing requests
with a `/` in the prefix differently from AWS and refuses them, so the tests keep a second
server without authentication for everything but the wrong-secret test.
"""
import json
import sys
import urllib.request

import boto3

endpoint, bucket = sys.argv[1], sys.argv[2]
auth = "--auth" in sys.argv[3:]
common = dict(endpoint_url=endpoint, region_name="us-east-1",
              aws_access_key_id="setup", aws_secret_access_key="setup")
boto3.client("s3", **common).create_bucket(Bucket=bucket)
if auth:
    iam = boto3.client("iam", **common)
    iam.create_user(UserName="ghirbal-test")
    iam.put_user_policy(
        UserName="ghirbal-test",
        PolicyName="all",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
    )
    key = iam.create_access_key(UserName="ghirbal-test")["AccessKey"]
    # From now on every request must be signed by a known key.
    req = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"0", method="POST",
                                 headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(req).read()
    print(f"export GHIRBAL_TEST_S3_AUTH_KEY_ID={key['AccessKeyId']}")
    print(f"export GHIRBAL_TEST_S3_AUTH_SECRET={key['SecretAccessKey']}")
