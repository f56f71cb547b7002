echo ready
apt-get update
