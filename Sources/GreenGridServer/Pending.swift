enum _ServerPending {}
