import { describe, expect, it } from "vitest";
import { artifactFileName } from "../../src/sandbox/sandbox-artifacts.js";
import { S3PROXY_ARTIFACT, s3ProxyProperties } from "../../src/sandbox/object-store.js";

describe("s3ProxyProperties", () => {
  const props = s3ProxyProperties({
    port: 29000,
    dataDir: "/sandbox/s3/data",
    credentials: { accessKey: "ak", secretKey: "sk" },
  });

  it("serves the data folder on loopback with signed (SigV4) requests only", () => {
    expect(props).toMatchObject({
      "s3proxy.endpoint": "http://127.0.0.1:29000",
      "s3proxy.authorization": "aws-v2-or-v4",
      "s3proxy.identity": "ak",
      "s3proxy.credential": "sk",
      "jclouds.provider": "filesystem-nio2",
      "jclouds.filesystem.basedir": "/sandbox/s3/data",
    });
  });

  it("ignores headers S3Proxy does not know, which Trino's AWS SDK sends on listings", () => {
    expect(props["s3proxy.ignore-unknown-headers"]).toBe("true");
  });
});

describe("S3PROXY_ARTIFACT", () => {
  it("is the runnable jar Maven names s3proxy-<version>-jar-with-dependencies.jar", () => {
    expect(artifactFileName(S3PROXY_ARTIFACT)).toBe("s3proxy-3.1.0-jar-with-dependencies.jar");
  });
});
