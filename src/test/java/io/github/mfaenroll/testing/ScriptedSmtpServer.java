package io.github.mfaenroll.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server on loopback that answers as told at the points where real servers misbehave: the recipient, the
 * end of the message body, and QUIT. A reply of null means silence (the client then runs into its read timeout). It
 * exists for what GreenMail cannot do: accept a mail and then fail the connection.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread thread;
    private final AtomicInteger messagesAccepted = new AtomicInteger();

    public ScriptedSmtpServer(String rcptReply, String afterBodyReply, String quitReply) throws IOException {
        socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(rcptReply, afterBodyReply, quitReply), "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Bodies that reached the final dot: what a real server would have queued for delivery. */
    public int bodiesReceived() {
        return messagesAccepted.get();
    }

    private void serve(String rcptReply, String afterBodyReply, String quitReply) {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.US_ASCII));
                OutputStream out = client.getOutputStream();
                reply(out, "220 scripted ESMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    String command = line.toUpperCase();
                    if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                        reply(out, "250 scripted");
                    } else if (command.startsWith("MAIL")) {
                        reply(out, "250 OK");
                    } else if (command.startsWith("RCPT")) {
                        reply(out, rcptReply);
                    } else if (command.startsWith("DATA")) {
                        reply(out, "354 go ahead");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // the body
                        }
                        messagesAccepted.incrementAndGet();
                        reply(out, afterBodyReply);
                    } else if (command.startsWith("QUIT")) {
                        reply(out, quitReply);
                        if (quitReply == null) {
                            Thread.sleep(5_000);
                        }
                        break;
                    } else {
                        reply(out, "250 OK");
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the socket was closed, or the client went away: next connection
            }
        }
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        if (reply != null) {
            out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
