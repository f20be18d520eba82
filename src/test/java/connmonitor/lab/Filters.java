package connmonitor.lab;

import java.util.List;

/** The lab's nftables rules: routers that stay silent, drop pings, or lose packets at random. */
final class Filters {

    private Filters() {
    }

    static void silenceTimeExceeded(Lab lab, String node) {
        nft(lab, node, """
                table inet lab {
                  chain silence { type filter hook output priority filter; policy accept;
                    icmp type time-exceeded drop
                    icmpv6 type time-exceeded drop
                  }
                }
                """);
    }

    static void dropForwardedEchoRequests(Lab lab, String node) {
        nft(lab, node, """
                table inet lab {
                  chain noping { type filter hook forward priority filter; policy accept;
                    icmp type echo-request drop
                    icmpv6 type echo-request drop
                  }
                }
                """);
    }

    static void dropRandomly(Lab lab, String node, String peer, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be 0..100, got " + percent);
        }
        lab.topology().wire(node, peer);
        String chain = "loss_" + peer;
        nft(lab, node, "table inet lab {\n chain %s { type filter hook postrouting priority filter; policy accept; }\n}\n"
                .formatted(chain) + "flush chain inet lab " + chain + "\n"
                + (percent == 0 ? "" : "add rule inet lab %s oifname \"%s\" numgen random mod 100 < %d drop\n"
                .formatted(chain, peer, percent)));
    }

    private static void nft(Lab lab, String node, String script) {
        Shell.run(List.of("ip", "netns", "exec", lab.namespace(node), "nft", "-f", "-"), script, Shell.TIMEOUT).orThrow();
    }
}
