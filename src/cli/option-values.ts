/**
 * Parsers of option values that are wrong on the command line itself: refused by commander (exit 64) before any
 * project is read or any server is called.
 */
import { InvalidArgumentError } from "commander";

export function threadCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError("Give a whole number of 1 or more, e.g. --threads 4.");
  return n;
}

/** Nessie's rule for branch and tag names, checked here so that a bad name is a usage error, not an HTTP 400. */
const REFERENCE_NAME = /^[A-Za-z](?:[A-Za-z0-9./_-]*[A-Za-z0-9_-])?$/;

export function referenceName(value: string): string {
  if (!REFERENCE_NAME.test(value) || value.includes(".."))
    throw new InvalidArgumentError(
      "Nessie reference names start with a letter, hold letters, digits and . / _ - only, do not contain '..' and do not end with '.' or '/' (e.g. dev, ci-1234, feature/orders).",
    );
  return value;
}
