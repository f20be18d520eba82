/*
 * The least work that moves ICMP echoes on this machine: the "limit" row of bench/scale.sh.
 *   limit SECONDS SOCKETS HOSTS
 * SOCKETS threads, each with its own raw ICMP socket and echo identifier, send echo requests to HOSTS
 * loopback addresses (127.20.x.y) in sendmmsg batches of 64 and read the replies with recvmmsg batches
 * of 64, keeping at most WINDOW requests in flight. No matching, no records, no timestamps. Every raw
 * ICMP socket gets a copy of every echo reply, so each socket has a classic BPF filter that keeps only
 * echo replies carrying its own identifier: with two sockets, neither pays for the other's replies.
 * Prints one line: sockets, seconds, replies per second, CPU seconds (user + system), peak RSS in MiB.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define WINDOW 4096
#define PAYLOAD 41

static double seconds;
static int hosts;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static uint16_t checksum(const void *data, size_t length) {
    const uint16_t *words = data;
    uint32_t sum = 0;
    for (; length > 1; length -= 2) sum += *words++;
    if (length) sum += *(const uint8_t *) words;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t) ~sum;
}

struct worker {
    uint16_t ident;
    long replies;
};

static int open_socket(uint16_t ident) {
    int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    if (fd < 0) { perror("socket (needs root or CAP_NET_RAW)"); exit(1); }
    int buffer = 8 << 20;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer) < 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    /* X = IP header length; accept type 0 (echo reply) with our identifier, drop the rest */
    struct sock_filter code[] = {
        BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),
        BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ICMP_ECHOREPLY, 0, 3),
        BPF_STMT(BPF_LD | BPF_H | BPF_IND, 4),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ident, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, 0xffff),
        BPF_STMT(BPF_RET | BPF_K, 0),
    };
    struct sock_fprog program = { sizeof code / sizeof code[0], code };
    if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) < 0) {
        perror("SO_ATTACH_FILTER"); exit(1);
    }
    return fd;
}

static void *run(void *arg) {
    struct worker *self = arg;
    int fd = open_socket(self->ident);
    static __thread unsigned char packets[BATCH][sizeof(struct icmphdr) + PAYLOAD];
    static __thread unsigned char replies[BATCH][2048];
    struct sockaddr_in to[BATCH];
    struct iovec send_iov[BATCH], recv_iov[BATCH];
    struct mmsghdr out[BATCH], in[BATCH];
    memset(out, 0, sizeof out);
    memset(in, 0, sizeof in);
    for (int i = 0; i < BATCH; i++) {
        send_iov[i] = (struct iovec) { packets[i], sizeof packets[i] };
        out[i].msg_hdr = (struct msghdr) { .msg_name = &to[i], .msg_namelen = sizeof to[i],
                                           .msg_iov = &send_iov[i], .msg_iovlen = 1 };
        recv_iov[i] = (struct iovec) { replies[i], sizeof replies[i] };
        in[i].msg_hdr = (struct msghdr) { .msg_iov = &recv_iov[i], .msg_iovlen = 1 };
    }
    long sent = 0, received = 0, written_off = 0; /* in flight: sent - received - written_off */
    uint16_t sequence = 0;
    int next_host = 0;
    double end = now() + seconds;
    while (now() < end) {
        if (sent - received - written_off <= WINDOW - BATCH) {
            for (int i = 0; i < BATCH; i++) {
                struct icmphdr *icmp = (struct icmphdr *) packets[i];
                memset(packets[i], 0, sizeof packets[i]);
                icmp->type = ICMP_ECHO;
                icmp->un.echo.id = htons(self->ident);
                icmp->un.echo.sequence = htons(sequence++);
                icmp->checksum = checksum(packets[i], sizeof packets[i]);
                int h = next_host++ % hosts;
                to[i] = (struct sockaddr_in) { .sin_family = AF_INET,
                    .sin_addr.s_addr = htonl((127u << 24) | (20u << 16) | ((h / 250) << 8) | (1 + h % 250)) };
            }
            int n = sendmmsg(fd, out, BATCH, 0);
            if (n > 0) sent += n;
        }
        int n = recvmmsg(fd, in, BATCH, MSG_DONTWAIT, NULL);
        if (n > 0) {
            received += n;
        } else if (sent - received - written_off > WINDOW - BATCH) {
            struct pollfd p = { fd, POLLIN, 0 };
            if (poll(&p, 1, 50) == 0) {
                written_off = sent - received; /* replies lost (buffer overflow): refill the window */
            }
        }
    }
    self->replies = received;
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: limit SECONDS SOCKETS HOSTS\n"); return 2; }
    seconds = atof(argv[1]);
    int sockets = atoi(argv[2]);
    hosts = atoi(argv[3]);
    pthread_t threads[16];
    struct worker workers[16];
    if (sockets < 1 || sockets > 16 || hosts < 1 || seconds <= 0) { fprintf(stderr, "bad arguments\n"); return 2; }
    for (int t = 0; t < sockets; t++) {
        workers[t] = (struct worker) { (uint16_t) (0x4c00 + getpid() % 256 * 16 + t), 0 };
        pthread_create(&threads[t], NULL, run, &workers[t]);
    }
    long total = 0;
    for (int t = 0; t < sockets; t++) {
        pthread_join(threads[t], NULL);
        total += workers[t].replies;
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
    printf("%d %.1f %.0f %.2f %ld\n", sockets, seconds, total / seconds, cpu, usage.ru_maxrss / 1024);
    return 0;
}
