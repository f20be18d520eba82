/*
 * The least work that moves ICMP echoes on this machine: the "limit" row of bench/scale.sh.
 *   limit SECONDS SOCKETS HOSTS [stamps]
 * SOCKETS threads, each with its own raw ICMP socket and echo identifier, send echo requests to HOSTS
 * loopback addresses (127.20.x.y) in sendmmsg batches of 64 and read the replies with recvmmsg batches
 * of 64, keeping at most WINDOW requests in flight. No matching, no records, no timestamps. With
 * "stamps", the least an exact batched sender needs on top: every packet asks for its own software
 * transmit stamp with its own id (SO_TIMESTAMPING + SCM_TS_OPT_ID as ancillary data, Linux 6.13), the
 * error queue is drained after every sendmmsg (recvmmsg batches of 64), and replies carry their kernel
 * receive time (SO_TIMESTAMPNS) - what connmonitor does to give packet k of a batch its own send time. Every raw
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

#ifndef SO_TIMESTAMPING
#define SO_TIMESTAMPING 37
#endif
#define SCM_TS_OPT_ID_TYPE 81
#define TS_TX_SOFTWARE (1 << 1)
#define TS_SOFTWARE (1 << 4)
#define TS_OPT_ID (1 << 7)
#define TS_OPT_TSONLY (1 << 11)
#define TS_OPT_RX_FILTER (1 << 17)
#define CONTROL 64

static double seconds;
static int hosts;
static int stamps;

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
    long stamped;
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
    if (stamps) {
        int on = 1, flags = TS_SOFTWARE | TS_OPT_ID | TS_OPT_TSONLY | TS_OPT_RX_FILTER;
        if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) < 0
                || setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof flags) < 0) {
            perror("SO_TIMESTAMPING"); exit(1);
        }
    }
    return fd;
}

static void *run(void *arg) {
    struct worker *self = arg;
    int fd = open_socket(self->ident);
    static __thread unsigned char packets[BATCH][sizeof(struct icmphdr) + PAYLOAD];
    static __thread unsigned char replies[BATCH][2048];
    static __thread unsigned char send_control[BATCH][CONTROL], recv_control[BATCH][CONTROL];
    static __thread unsigned char error_data[BATCH][64], error_control[BATCH][192];
    struct sockaddr_in to[BATCH];
    struct iovec send_iov[BATCH], recv_iov[BATCH], error_iov[BATCH];
    struct mmsghdr out[BATCH], in[BATCH], errors[BATCH];
    memset(out, 0, sizeof out);
    memset(in, 0, sizeof in);
    memset(errors, 0, sizeof errors);
    for (int i = 0; i < BATCH; i++) {
        send_iov[i] = (struct iovec) { packets[i], sizeof packets[i] };
        out[i].msg_hdr = (struct msghdr) { .msg_name = &to[i], .msg_namelen = sizeof to[i],
                                           .msg_iov = &send_iov[i], .msg_iovlen = 1 };
        recv_iov[i] = (struct iovec) { replies[i], sizeof replies[i] };
        in[i].msg_hdr = (struct msghdr) { .msg_iov = &recv_iov[i], .msg_iovlen = 1 };
        if (stamps) {
            /* two control messages per packet: ask for a transmit stamp, and the stamp's id */
            struct msghdr *h = &out[i].msg_hdr;
            h->msg_control = send_control[i];
            h->msg_controllen = CMSG_SPACE(sizeof(int)) * 2;
            struct cmsghdr *c = CMSG_FIRSTHDR(h);
            c->cmsg_level = SOL_SOCKET; c->cmsg_type = SO_TIMESTAMPING; c->cmsg_len = CMSG_LEN(sizeof(int));
            *(int *) CMSG_DATA(c) = TS_TX_SOFTWARE;
            c = CMSG_NXTHDR(h, c);
            c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_TS_OPT_ID_TYPE; c->cmsg_len = CMSG_LEN(sizeof(int));
            error_iov[i] = (struct iovec) { error_data[i], sizeof error_data[i] };
            errors[i].msg_hdr = (struct msghdr) { .msg_iov = &error_iov[i], .msg_iovlen = 1 };
        }
    }
    long sent = 0, received = 0, written_off = 0, stamped = 0; /* in flight: sent - received - written_off */
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
                if (stamps) {
                    struct cmsghdr *c = CMSG_NXTHDR(&out[i].msg_hdr, CMSG_FIRSTHDR(&out[i].msg_hdr));
                    *(int *) CMSG_DATA(c) = (int) (sent + i);
                }
                int h = next_host++ % hosts;
                to[i] = (struct sockaddr_in) { .sin_family = AF_INET,
                    .sin_addr.s_addr = htonl((127u << 24) | (20u << 16) | ((h / 250) << 8) | (1 + h % 250)) };
            }
            int n = sendmmsg(fd, out, BATCH, 0);
            if (n > 0) sent += n;
            if (stamps) { /* the stamps are read at once, as connmonitor does: the error queue has a limit */
                int got;
                do {
                    for (int i = 0; i < BATCH; i++) {
                        errors[i].msg_hdr.msg_control = error_control[i];
                        errors[i].msg_hdr.msg_controllen = sizeof error_control[i];
                    }
                    got = recvmmsg(fd, errors, BATCH, MSG_ERRQUEUE | MSG_DONTWAIT, NULL);
                    if (got > 0) stamped += got;
                } while (got == BATCH);
            }
        }
        if (stamps) {
            for (int i = 0; i < BATCH; i++) {
                in[i].msg_hdr.msg_control = recv_control[i];
                in[i].msg_hdr.msg_controllen = sizeof recv_control[i];
            }
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
    self->stamped = stamped;
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 4 && !(argc == 5 && strcmp(argv[4], "stamps") == 0)) {
        fprintf(stderr, "usage: limit SECONDS SOCKETS HOSTS [stamps]\n"); return 2;
    }
    stamps = argc == 5;
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
    long total = 0, stamped = 0;
    for (int t = 0; t < sockets; t++) {
        pthread_join(threads[t], NULL);
        total += workers[t].replies;
        stamped += workers[t].stamped;
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
    printf("%d %.1f %.0f %.2f %ld\n", sockets, seconds, total / seconds, cpu, usage.ru_maxrss / 1024);
    if (stamps) fprintf(stderr, "transmit stamps read: %ld for %ld replies\n", stamped, total);
    return 0;
}
