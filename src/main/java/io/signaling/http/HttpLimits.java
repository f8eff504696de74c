package io.signaling.http;

import io.signaling.config.ServerConfig;

/** The bounds one connection is read within, and how it is kept alive once a /wait parks on it. */
record HttpLimits(int maxHeaderBytes, int maxBodyBytes, long requestTimeoutMillis, TcpKeepAlive keepAlive) {

  static HttpLimits of(ServerConfig config) {
    return new HttpLimits(config.limits().maxHeaderBytes(), config.limits().maxBodyBytes(),
        config.timing().requestTimeout().toMillis(), TcpKeepAlive.after(config.longPoll().tcpKeepAlive()));
  }
}
