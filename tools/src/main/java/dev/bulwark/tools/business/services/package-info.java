/**
 * The service tools' rules: who may call which registered service with which method, how a response is read for a
 * model (JSON, text or neither), how a failure is told without internals, and how a batch runs under a bound and a
 * deadline.
 */
package dev.bulwark.tools.business.services;
