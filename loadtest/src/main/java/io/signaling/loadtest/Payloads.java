package io.signaling.loadtest;

import java.nio.charset.StandardCharsets;

/**
 * Message bodies shaped like those of {@code conductor.cc}: a JSON session description (offer or answer, with a
 * realistic SDP of the given size) and JSON ICE candidates. Each starts with a tag {@code {"lt":"seq:nanos",}}
 * that the receiver reads back to check order, loss and duplicates and to time delivery; the server treats
 * bodies as opaque bytes, so the tag changes nothing it does.
 */
final class Payloads {

  /** The tag of a received body: its sequence number in its stream and the sender's nanoTime when queued. */
  record Tag(long seq, long sentNanos) {
  }

  private static final String SDP_HEAD = "v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
      + "a=group:BUNDLE 0 1 2\\r\\na=extmap-allow-mixed\\r\\na=msid-semantic: WMS stream\\r\\n";
  private static final String[] SDP_LINES = {
      "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtcp:9 IN IP4 0.0.0.0\\r\\n",
      "a=ice-ufrag:EsAw\\r\\na=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\\r\\na=ice-options:trickle\\r\\n",
      "a=fingerprint:sha-256 DA:7B:57:DC:28:CE:04:4F:31:79:85:C4:31:67:EB:27:58:29:ED:77:2A:0D:24:AE:ED:88:20:"
          + "BB:9B:53:3C:A7\\r\\na=setup:actpass\\r\\na=mid:0\\r\\n",
      "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\\r\\na=extmap:2 http://www.webrtc.org/experiments/"
          + "rtp-hdrext/abs-send-time\\r\\na=sendrecv\\r\\na=rtcp-mux\\r\\n",
      "a=rtpmap:111 opus/48000/2\\r\\na=rtcp-fb:111 transport-cc\\r\\na=fmtp:111 minptime=10;useinbandfec=1\\r\\n",
      "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 45 46\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtcp:9 IN IP4 0.0.0.0\\r\\n",
      "a=rtpmap:96 VP8/90000\\r\\na=rtcp-fb:96 goog-remb\\r\\na=rtcp-fb:96 transport-cc\\r\\na=rtcp-fb:96 ccm fir\\r\\n",
      "a=rtcp-fb:96 nack\\r\\na=rtcp-fb:96 nack pli\\r\\na=rtpmap:97 rtx/90000\\r\\na=fmtp:97 apt=96\\r\\n",
      "a=ssrc-group:FID 2893540133 3546322911\\r\\na=ssrc:2893540133 cname:4TOk42mSjXCkVIa6\\r\\n",
      "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\\r\\nc=IN IP4 0.0.0.0\\r\\na=sctp-port:5000\\r\\n",
  };

  private final String sdp;

  Payloads(int sdpBytes) {
    StringBuilder text = new StringBuilder(SDP_HEAD);
    for (int i = 0; text.length() < sdpBytes; i++) {
      text.append(SDP_LINES[i % SDP_LINES.length]);
    }
    this.sdp = text.toString();
  }

  byte[] description(String type, long seq) {
    return tagged(seq, "\"type\":\"" + type + "\",\"sdp\":\"" + sdp + "\"}");
  }

  byte[] candidate(long seq, int index) {
    return tagged(seq, "\"candidate\":\"candidate:" + (842163049 + index) + " 1 udp 1677729535 203.0.113." + (index + 1)
        + " " + (50000 + index) + " typ srflx raddr 10.0.0.2 rport " + (50000 + index)
        + " generation 0 ufrag EsAw network-cost 999\",\"sdpMLineIndex\":0,\"sdpMid\":\"0\"}");
  }

  byte[] bye(long seq) {
    return tagged(seq, "\"type\":\"bye\"}");
  }

  byte[] ping(long seq) {
    return tagged(seq, "\"type\":\"ping\"}");
  }

  private static byte[] tagged(long seq, String rest) {
    return ("{\"lt\":\"" + seq + ":" + System.nanoTime() + "\"," + rest).getBytes(StandardCharsets.UTF_8);
  }

  /** The tag of a body written by this class, or null for any other body (a join or leave notification). */
  static Tag tag(byte[] body) {
    byte[] prefix = {'{', '"', 'l', 't', '"', ':', '"'};
    if (body.length < prefix.length + 4) {
      return null;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (body[i] != prefix[i]) {
        return null;
      }
    }
    long seq = 0;
    int i = prefix.length;
    while (body[i] != ':') {
      seq = seq * 10 + (body[i++] - '0');
    }
    long nanos = 0;
    boolean negative = body[++i] == '-';
    if (negative) {
      i++;
    }
    while (body[i] != '"') {
      nanos = nanos * 10 + (body[i++] - '0');
    }
    return new Tag(seq, negative ? -nanos : nanos);
  }
}
