import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { resolve } from 'node:path';
const backend = process.argv[2] ?? 'wasm';
if (backend === 'wasm') setWasmPaths(resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
await tf.setBackend(backend); await tf.ready();
console.log('backend', tf.getBackend());
const m = tf.sequential({layers:[
 tf.layers.conv2d({inputShape:[28,28,1],filters:6,kernelSize:5,padding:'same',activation:'relu'}),
 tf.layers.maxPooling2d({poolSize:2}),
 tf.layers.conv2d({filters:16,kernelSize:5,activation:'relu'}),
 tf.layers.maxPooling2d({poolSize:2}),
 tf.layers.flatten(), tf.layers.dense({units:120,activation:'relu'}), tf.layers.dense({units:84,activation:'relu'}), tf.layers.dense({units:10,activation:'softmax'})]});
m.compile({optimizer:'adam',loss:'categoricalCrossentropy',metrics:['accuracy']});
const x = tf.randomUniform([1024,28,28,1]); const y = tf.oneHot(tf.randomUniform([1024],0,10,'int32'),10);
let t=performance.now(); await m.fit(x,y,{batchSize:64,epochs:1,verbose:0}); console.log('1024 samples fit ms', performance.now()-t);
t=performance.now(); await m.fit(x,y,{batchSize:64,epochs:1,verbose:0}); console.log('1024 samples fit ms', performance.now()-t);
