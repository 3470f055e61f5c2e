#!/bin/sh
# partial.cgi: a backend that answers a part of an HTML document (206 with
# Content-Range), as a proxied application or a media server may: the part
# must reach the client byte for byte.
body='<html><head><title>part</title></head><body><p>first bytes'
printf 'Status: 206 Partial Content\r\n'
printf 'Content-Type: text/html; charset=utf-8\r\n'
printf 'Content-Range: bytes 0-%d/4096\r\n' $((${#body} - 1))
printf 'ETag: "part-1"\r\n'
printf '\r\n%s' "$body"
