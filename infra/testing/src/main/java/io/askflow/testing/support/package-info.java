/** Small pieces shared by the infrastructure parts: the part contract and temp directories. */
package io.askflow.testing.support;
