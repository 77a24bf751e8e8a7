/**
 * The service tools' rules: who may call which registered service with which method, how a request is built, how a
 * response is read (JSON, text or neither), how a failure is told to a caller without internals, and how a batch
 * runs concurrently under a bound and a deadline.
 */
package dev.bulwark.tools.business.services;
