enum _ProtocolPending {}
