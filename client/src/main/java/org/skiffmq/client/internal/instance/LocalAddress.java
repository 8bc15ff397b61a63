package org.skiffmq.client.internal.instance;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** This host's IPv4 address as a client id shows it: a non-loopback one when there is one. */
public final class LocalAddress {
    private static final String IP = find();

    private LocalAddress() {
    }

    public static String ip() {
        return IP;
    }

    private static String find() {
        String privateAddress = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        if (!address.isSiteLocalAddress()) {
                            return address.getHostAddress();
                        }
                        if (privateAddress == null) {
                            privateAddress = address.getHostAddress();
                        }
                    }
                }
            }
        } catch (SocketException e) {
            // No interface list: fall back to loopback, the id only has to be readable.
        }
        return privateAddress != null ? privateAddress : "127.0.0.1";
    }
}
