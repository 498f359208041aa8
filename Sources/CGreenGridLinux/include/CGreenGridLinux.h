// Declarations only: what <sys/epoll.h>, <sys/eventfd.h> and accept4 provide, for Swift to call. No logic here.
#ifndef C_GREENGRID_LINUX_H
#define C_GREENGRID_LINUX_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <errno.h>
#include <unistd.h>

// glibc declares accept4 only under _GNU_SOURCE, and defining that here would also turn
// <sys/socket.h>'s address parameters into transparent unions that Swift imports badly, so
// the one prototype is repeated as accept4(2) gives it, with plain sockaddr pointers.
extern int accept4(int fd, struct sockaddr *address, socklen_t *address_length, int flags);

#endif
