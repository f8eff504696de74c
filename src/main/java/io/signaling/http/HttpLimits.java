package io.signaling.http;

import io.signaling.config.ServerConfig;

/** The bounds one connection is read within. */
record HttpLimits(int maxHeaderBytes, int maxBodyBytes, long requestTimeoutMillis) {

  static HttpLimits of(ServerConfig config) {
    return new HttpLimits(config.limits().maxHeaderBytes(), config.limits().maxBodyBytes(),
        config.timing().requestTimeout().toMillis());
  }
}
