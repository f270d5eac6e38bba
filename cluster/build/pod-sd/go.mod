// pod-sd: the pods of the cluster as a Prometheus file_sd target file (see main.go). Standard library only.
module vertx-elastic.dev/cluster/build/pod-sd

go 1.24.4
