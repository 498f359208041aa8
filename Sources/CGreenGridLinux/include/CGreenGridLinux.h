// Declarations only: what <sys/epoll.h> and accept4 provide, for Swift to call. No logic here.
#ifndef C_GREENGRID_LINUX_H
#define C_GREENGRID_LINUX_H
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <errno.h>
#include <unistd.h>
#endif
